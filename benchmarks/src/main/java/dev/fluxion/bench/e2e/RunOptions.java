package dev.fluxion.bench.e2e;

import dev.fluxion.autodiff.tensor.DType;
import java.nio.file.Path;
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
    String model = null;
    Double lr = null;
    int epochs = 1;
    long seed = 0;
    Path data = Path.of(DEFAULT_DATA);
    Path initOut = null;
    int limit = 0;
    int testLimit = 0;
    int maxSteps = 0;
    int synthetic = 0;
    int losses = 20;
    DType dtype = DType.FLOAT32;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String v = args[i + 1];
      try {
        switch (name) {
          case "--model" -> model = v;
          case "--lr" -> lr = Double.parseDouble(v);
          case "--epochs" -> epochs = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--data" -> data = Path.of(v);
          case "--init-out" -> initOut = Path.of(v);
          case "--limit" -> limit = Integer.parseInt(v);
          case "--test-limit" -> testLimit = Integer.parseInt(v);
          case "--max-steps" -> maxSteps = Integer.parseInt(v);
          case "--synthetic" -> synthetic = Integer.parseInt(v);
          case "--losses" -> losses = Integer.parseInt(v);
          case "--dtype" -> dtype = DType.floatOf(v);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a number: " + v, e);
      }
    }
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
    return new RunOptions(m, epochs, seed, data, initOut, limit, testLimit, maxSteps, synthetic, losses, dtype);
  }
}
