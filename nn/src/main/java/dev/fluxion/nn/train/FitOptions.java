package dev.fluxion.nn.train;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.Schedule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How to train: epochs, the seed of the per-step randomness, callbacks, an optional penalty,
 * the learning-rate schedule to report, and whether to draw progress.
 *
 * @param epochs the number of epochs, {@code >= 1}
 * @param seed seeds dropout masks (step {@code t} uses {@code Key.of(seed).fold(t)})
 * @param callbacks called after every epoch, in order, each one every epoch (an unmodifiable copy)
 * @param penalty an optional regularizer of the parameters added to the training loss
 * @param learningRate the schedule reported in the statistics (null: not reported)
 * @param quiet no progress bars and no per-epoch lines
 * @param out where progress and per-epoch lines go
 */
public record FitOptions(int epochs, long seed, List<Callback> callbacks, @Nullable Function<Object, Expr> penalty,
    @Nullable Schedule learningRate, boolean quiet, PrintStream out) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if epochs is below 1
   */
  public FitOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("FitOptions: epochs must be >= 1, got " + epochs);
    }
    callbacks = List.copyOf(Checks.notNull(callbacks, "callbacks"));
    Checks.notNull(out, "out");
  }

  /**
   * {@return {@code epochs} epochs, seed 0, no callbacks, progress on standard error}
   *
   * @param epochs the number of epochs
   */
  public static FitOptions epochs(int epochs) {
    return new FitOptions(epochs, 0, List.of(), null, null, false, System.err);
  }

  /**
   * {@return with another seed}
   *
   * @param seed the seed
   */
  public FitOptions withSeed(long seed) {
    return new FitOptions(epochs, seed, callbacks, penalty, learningRate, quiet, out);
  }

  /**
   * {@return with a callback appended}
   *
   * @param c the callback
   */
  public FitOptions withCallback(Callback c) {
    List<Callback> more = new ArrayList<>(callbacks);
    more.add(Checks.notNull(c, "callback"));
    return new FitOptions(epochs, seed, more, penalty, learningRate, quiet, out);
  }

  /**
   * {@return with a penalty (e.g. {@code p -> Penalties.l2(p).times(1e-4)}) added to the loss}
   *
   * @param penalty the penalty
   */
  public FitOptions withPenalty(Function<Object, Expr> penalty) {
    return new FitOptions(epochs, seed, callbacks, Checks.notNull(penalty, "penalty"), learningRate, quiet, out);
  }

  /**
   * {@return with the learning-rate schedule to report}
   *
   * @param schedule the schedule
   */
  public FitOptions withLearningRate(Schedule schedule) {
    return new FitOptions(epochs, seed, callbacks, penalty, Checks.notNull(schedule, "schedule"), quiet, out);
  }

  /**
   * {@return these options, silent (or not)}
   *
   * @param quiet whether to print nothing
   */
  public FitOptions withQuiet(boolean quiet) {
    return new FitOptions(epochs, seed, callbacks, penalty, learningRate, quiet, out);
  }
}
