package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.DType;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options of the image-classification examples that do not depend on the model: the data, how
 * much of it to use, the dtype, the optimizer and where to resume from. Epochs, batch size and learning
 * rate are declared by each example, with its own defaults.
 */
public final class TrainingOptions {
  /** The directory holding the four IDX files of Fashion-MNIST (or MNIST). */
  @Option(names = "--data", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIR,
      description = "directory with the IDX files (default ${DEFAULT-VALUE})")
  public Path data = Path.of(FashionMnist.DEFAULT_DIR);

  /** Use only the first N training images ({@link FashionMnist#ALL}: all). */
  public int limit = FashionMnist.ALL;

  /** Evaluate on only the first N test images ({@link FashionMnist#ALL}: all). */
  public int testLimit = FashionMnist.ALL;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /**
   * Sets {@link #limit}.
   *
   * @throws ParameterException if {@code n < 1}
   */
  @Option(names = "--limit", paramLabel = "N", description = "use only the first N >= 1 training images (default: all)")
  void setLimit(int n) {
    limit = positive("--limit", n);
  }

  /**
   * Sets {@link #testLimit}.
   *
   * @throws ParameterException if {@code n < 1}
   */
  @Option(names = "--test-limit", paramLabel = "N", description = "evaluate on only the first N >= 1 test images (default: all)")
  void setTestLimit(int n) {
    testLimit = positive("--test-limit", n);
  }

  private int positive(String option, int n) {
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), option + " must be >= 1, got " + n + " (leave it out to use all images)");
    }
    return n;
  }

  /** The dtype of the model, its data and its training. */
  public DType dtype = DType.FLOAT32;

  /**
   * Sets {@link #dtype}.
   *
   * @throws ParameterException if {@code name} is neither float32 nor float64
   */
  @Option(names = "--dtype", paramLabel = "DTYPE",
      description = "float32 or float64: parameters, data and training (default float32)")
  void setDType(String name) {
    dtype = DTypeOption.parse(spec.commandLine(), name);
  }

  /** The optimizer's name. */
  @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
      description = "sgd (momentum 0.9), adam or adamw (default ${DEFAULT-VALUE})")
  public String optimizer = "adam";

  /** AdamW's decoupled weight decay. */
  @Option(names = "--weight-decay", defaultValue = "0.01",
      description = "weight decay of adamw (default ${DEFAULT-VALUE})")
  public double weightDecay;

  /** A checkpoint written by an earlier run of the same example to continue from. */
  @Option(names = "--resume", paramLabel = "FILE",
      description = "continue from a checkpoint of this example up to --epochs epochs in total;"
          + " with the same --seed, --limit and --batch-size it equals a run that never stopped")
  public @Nullable Path resume;
}
