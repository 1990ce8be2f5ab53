package dev.fluxion.bench.e2e;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.nn.text.Corpus;
import java.nio.file.Path;
import java.util.Set;
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
    Flags f = Flags.parse(args, Set.of("--corpus", "--bytes", "--epochs", "--seed", "--context", "--dim", "--heads",
        "--layers", "--batch-size", "--lr", "--max-steps", "--losses", "--dtype", "--weights-out", "--tokens-out"));
    return new LmOptions(f.path("--corpus", Corpus.FORTUNES), f.whole("--bytes", 0), f.integer("--epochs", 1),
        f.whole("--seed", 0), f.integer("--context", 64), f.integer("--dim", 64), f.integer("--heads", 4),
        f.integer("--layers", 2), f.integer("--batch-size", 32), f.real("--lr", 3e-3), f.integer("--max-steps", 0),
        f.integer("--losses", 20), f.dtype("--dtype", DType.FLOAT32), f.path("--weights-out", null),
        f.path("--tokens-out", null));
  }
}
