package dev.fluxion.nn.train;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.optim.Schedule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How to train: epochs, the seed of the per-step randomness, callbacks, an optional penalty,
 * the learning-rate schedule to report, whether to draw progress, and an optional validation set.
 * Start from {@link #defaults()} (or {@link #epochs(int)}) and change what differs with the
 * {@code with...} methods: {@code FitOptions.defaults().withEpochs(10).withValidation(test)}.
 *
 * @param epochs the number of epochs, {@code >= 1}
 * @param seed seeds dropout masks (step {@code t} uses {@code Key.of(seed).fold(t)})
 * @param callbacks called after every epoch, in order, each one every epoch (an unmodifiable copy)
 * @param penalty an optional regularizer of the parameters added to the training loss
 * @param learningRate the schedule reported in the statistics (null: not reported)
 * @param quiet no progress bars and no per-epoch lines
 * @param out where progress and per-epoch lines go
 * @param validation evaluated after every epoch (loss and accuracy in the statistics) when not null
 * @param microBatches 0 for one fused step per batch; {@code k >= 1} to split every batch into {@code k}
 *     equal micro-batches whose gradients are summed in {@link TreeReduce} order ({@link ShardedStep}):
 *     gradient accumulation, bit for bit what {@code k} data-parallel workers compute
 */
public record FitOptions(int epochs, long seed, List<Callback> callbacks, @Nullable Function<Object, Expr> penalty,
    @Nullable Schedule learningRate, boolean quiet, PrintStream out, @Nullable Dataset validation, int microBatches) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if epochs is below 1, microBatches is negative, callbacks or out is null, or
   *     the validation set is empty
   */
  public FitOptions {
    if (microBatches < 0) {
      throw new IllegalArgumentException("FitOptions: microBatches must be >= 0, got " + microBatches);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("FitOptions: epochs must be >= 1, got " + epochs);
    }
    callbacks = List.copyOf(Checks.notNull(callbacks, "callbacks"));
    Checks.notNull(out, "out");
    if (validation != null && validation.size() == 0) {
      throw new IllegalArgumentException("FitOptions: the validation dataset is empty (0 examples)");
    }
  }

  /** {@return one epoch, seed 0, no callbacks, no penalty, no validation, progress on standard error} */
  public static FitOptions defaults() {
    return epochs(1);
  }

  /**
   * {@return {@code epochs} epochs, seed 0, no callbacks, progress on standard error}
   *
   * @param epochs the number of epochs, {@code >= 1}
   */
  public static FitOptions epochs(int epochs) {
    return new FitOptions(epochs, 0, List.of(), null, null, false, System.err, null, 0);
  }

  /**
   * {@return with another number of epochs}
   *
   * @param epochs the number of epochs, {@code >= 1}
   * @throws IllegalArgumentException if {@code epochs < 1}
   */
  public FitOptions withEpochs(int epochs) {
    return new FitOptions(epochs, seed, callbacks, penalty, learningRate, quiet, out, validation, microBatches);
  }

  /**
   * {@return with a validation set, evaluated after every epoch in batches of the training batch size}
   *
   * @param validation a non-empty dataset of the training data's feature and target shapes
   * @throws IllegalArgumentException if {@code validation} is null or empty
   */
  public FitOptions withValidation(Dataset validation) {
    return new FitOptions(epochs, seed, callbacks, penalty, learningRate, quiet, out,
        Checks.notNull(validation, "validation"), microBatches);
  }

  /**
   * {@return with progress bars and per-epoch lines written to {@code out}}
   *
   * @param out receives progress bars and per-epoch lines; not closed
   */
  public FitOptions withOut(PrintStream out) {
    return new FitOptions(epochs, seed, callbacks, penalty, learningRate, quiet, out, validation, microBatches);
  }

  /**
   * {@return with another seed}
   *
   * @param seed any long; seeds dropout masks (step {@code t} uses {@code Key.of(seed).fold(t)})
   */
  public FitOptions withSeed(long seed) {
    return new FitOptions(epochs, seed, callbacks, penalty, learningRate, quiet, out, validation, microBatches);
  }

  /**
   * {@return with a callback appended}
   *
   * @param c called after every epoch, after those added before
   */
  public FitOptions withCallback(Callback c) {
    List<Callback> more = new ArrayList<>(callbacks);
    more.add(Checks.notNull(c, "callback"));
    return new FitOptions(epochs, seed, more, penalty, learningRate, quiet, out, validation, microBatches);
  }

  /**
   * {@return with a penalty (e.g. {@code p -> Penalties.l2(p).times(1e-4)}) added to the loss}
   *
   * @param penalty a rank-0 regularizer of the (traced) parameter record, added to the training loss
   */
  public FitOptions withPenalty(Function<Object, Expr> penalty) {
    return new FitOptions(epochs, seed, callbacks, Checks.notNull(penalty, "penalty"), learningRate, quiet, out,
        validation, microBatches);
  }

  /**
   * {@return with the learning-rate schedule to report}
   *
   * @param schedule the optimizer's schedule, reported in the statistics (it does not change the optimizer)
   */
  public FitOptions withLearningRate(Schedule schedule) {
    return new FitOptions(epochs, seed, callbacks, penalty, Checks.notNull(schedule, "schedule"), quiet, out,
        validation, microBatches);
  }

  /**
   * {@return these options, silent (or not)}
   *
   * @param quiet whether to print nothing
   */
  public FitOptions withQuiet(boolean quiet) {
    return new FitOptions(epochs, seed, callbacks, penalty, learningRate, quiet, out, validation, microBatches);
  }

  /**
   * {@return these options with every batch split into {@code k} micro-batches (gradient accumulation)}
   *
   * <p>The step's gradient is the mean of the micro-batches' gradients, summed in {@link TreeReduce}
   * order: bit for bit what {@code k} data-parallel workers compute on the same global batch. Batch
   * sizes must be divisible by {@code k} (drop a smaller last batch). 0 restores the fused step.
   *
   * @param k {@code >= 0}
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public FitOptions withMicroBatches(int k) {
    return new FitOptions(epochs, seed, callbacks, penalty, learningRate, quiet, out, validation, k);
  }
}
