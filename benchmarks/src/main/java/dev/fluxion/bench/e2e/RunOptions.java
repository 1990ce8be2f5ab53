package dev.fluxion.bench.e2e;

import dev.fluxion.autodiff.tensor.DType;
import java.nio.file.Path;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link TrainRun} (the same as {@code train_torch.py}'s).
 *
 * @param model the model and its hyperparameters ({@code --model}, {@code --lr})
 * @param epochs {@code --epochs}, {@code >= 1}
 * @param seed {@code --seed}: the initial weights and the batch order
 * @param data {@code --data}: the directory with the four Fashion-MNIST IDX files
 * @param initOut {@code --init-out}: where to write the initial parameters, or null
 * @param limit {@code --limit}: the first training images to use, 0 for all
 * @param testLimit {@code --test-limit}: the first test images to use, 0 for all
 * @param maxSteps {@code --max-steps}: at most this many steps per epoch, 0 for all
 * @param synthetic {@code --synthetic}: use this many random images for training and test instead of the data, 0 for none
 * @param losses {@code --losses}: how many step losses to report
 * @param dtype {@code --dtype}: float32 (the default) or float64, the parameters', data's and training's
 */
public record RunOptions(Models model, int epochs, long seed, Path data, @Nullable Path initOut, int limit, int testLimit,
    int maxSteps, int synthetic, int losses, DType dtype) {
  /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
  public static final String DEFAULT_DATA = "/usr/share/datasets/fashion-mnist";

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the option out of its domain
   */
  public RunOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    if (limit < 0 || testLimit < 0 || maxSteps < 0 || synthetic < 0 || losses < 0) {
      throw new IllegalArgumentException("--limit, --test-limit, --max-steps, --synthetic and --losses must be >= 0");
    }
    dev.fluxion.autodiff.tensor.Checks.notNull(dtype, "dtype");
  }

  /**
   * {@return the options in {@code args}}
   *
   * @param args {@code --name value} pairs; {@code --model} is required
   * @throws IllegalArgumentException for an unknown option, a missing value or one out of its domain
   */
  public static RunOptions parse(String... args) {
    Flags f = Flags.parse(args, Set.of("--model", "--lr", "--epochs", "--seed", "--data", "--init-out", "--limit",
        "--test-limit", "--max-steps", "--synthetic", "--losses", "--dtype"));
    String model = f.string("--model", null);
    Double lr = f.real("--lr", null);
    if (model == null) {
      throw new IllegalArgumentException("--model a|b|c is required");
    }
    Models m = Models.of(model);
    if (lr != null) {
      if (!(lr > 0) || !Double.isFinite(lr)) {
        throw new IllegalArgumentException("--lr must be finite and > 0, got " + lr);
      }
      m = m.withLearningRate(lr);
    }
    return new RunOptions(m, f.integer("--epochs", 1), f.whole("--seed", 0), f.path("--data", Path.of(DEFAULT_DATA)),
        f.path("--init-out", null), f.integer("--limit", 0), f.integer("--test-limit", 0), f.integer("--max-steps", 0),
        f.integer("--synthetic", 0), f.integer("--losses", 20), f.dtype("--dtype", DType.FLOAT32));
  }
}
