package dev.fluxion.bench.e2e;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.nn.text.Corpus;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link LmRun} (the same as {@code train_lm_torch.py}'s, which reads the token
 * file instead of a corpus).
 *
 * @param corpus {@code --corpus}: a fortunes directory (every text file, {@link Corpus#fortunes}) or one UTF-8 file
 * @param bytes {@code --bytes}: use the first this many bytes of the corpus (cut back to a character boundary), 0 for all
 * @param epochs {@code --epochs}, {@code >= 1}
 * @param seed {@code --seed}: the initial weights and the window order
 * @param context {@code --context}: the context length {@code T}
 * @param dim {@code --dim}: the model size {@code D}, divisible by the heads
 * @param heads {@code --heads}: attention heads per block
 * @param layers {@code --layers}: transformer blocks
 * @param batchSize {@code --batch-size}: windows per batch
 * @param lr {@code --lr}: Adam's learning rate (betas 0.9 and 0.999, eps 1e-8)
 * @param maxSteps {@code --max-steps}: at most this many steps per epoch, 0 for all
 * @param losses {@code --losses}: how many step losses to report
 * @param dtype {@code --dtype}: float32 (the default) or float64, the parameters' and training's
 * @param weightsOut {@code --weights-out}: where to write the initial parameters (safetensors), or null
 * @param tokensOut {@code --tokens-out}: where to write the token ids (a {@code TokenFile}), or null for a temporary file
 */
public record LmOptions(Path corpus, long bytes, int epochs, long seed, int context, int dim, int heads, int layers,
    int batchSize, double lr, int maxSteps, int losses, DType dtype, @Nullable Path weightsOut,
    @Nullable Path tokensOut) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the option out of its domain
   */
  public LmOptions {
    dev.fluxion.autodiff.tensor.Checks.notNull(corpus, "corpus");
    dev.fluxion.autodiff.tensor.Checks.notNull(dtype, "dtype");
    if (epochs < 1 || context < 1 || dim < 1 || heads < 1 || layers < 1 || batchSize < 1) {
      throw new IllegalArgumentException("--epochs, --context, --dim, --heads, --layers and --batch-size must be >= 1");
    }
    if (dim % heads != 0) {
      throw new IllegalArgumentException("--dim " + dim + " is not divisible by --heads " + heads);
    }
    if (bytes < 0 || maxSteps < 0 || losses < 0) {
      throw new IllegalArgumentException("--bytes, --max-steps and --losses must be >= 0");
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("--lr must be finite and > 0, got " + lr);
    }
  }

  /**
   * {@return the options in {@code args}, the defaults for those absent: the fortunes, all of them,
   * 1 epoch, seed 0, T 64, D 64, 4 heads, 2 layers, batch 32, lr 3e-3, 20 losses, float32}
   *
   * @param args {@code --name value} pairs
   * @throws IllegalArgumentException for an unknown option, a missing value or one out of its domain
   */
  public static LmOptions parse(String... args) {
    Path corpus = Corpus.FORTUNES;
    long bytes = 0;
    int epochs = 1;
    long seed = 0;
    int[] sizes = {64, 64, 4, 2, 32};   // context, dim, heads, layers, batch size
    double lr = 3e-3;
    int maxSteps = 0;
    int losses = 20;
    DType dtype = DType.FLOAT32;
    Path weightsOut = null;
    Path tokensOut = null;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String v = args[i + 1];
      try {
        switch (name) {
          case "--corpus" -> corpus = Path.of(v);
          case "--bytes" -> bytes = Long.parseLong(v);
          case "--epochs" -> epochs = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--context" -> sizes[0] = Integer.parseInt(v);
          case "--dim" -> sizes[1] = Integer.parseInt(v);
          case "--heads" -> sizes[2] = Integer.parseInt(v);
          case "--layers" -> sizes[3] = Integer.parseInt(v);
          case "--batch-size" -> sizes[4] = Integer.parseInt(v);
          case "--lr" -> lr = Double.parseDouble(v);
          case "--max-steps" -> maxSteps = Integer.parseInt(v);
          case "--losses" -> losses = Integer.parseInt(v);
          case "--dtype" -> dtype = DType.floatOf(v);
          case "--weights-out" -> weightsOut = Path.of(v);
          case "--tokens-out" -> tokensOut = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a number: " + v, e);
      }
    }
    return new LmOptions(corpus, bytes, epochs, seed, sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], lr, maxSteps,
        losses, dtype, weightsOut, tokensOut);
  }
}
