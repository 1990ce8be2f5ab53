package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.Checks;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * The immutable record of a training run: one {@link EpochStats} per completed epoch, and why
 * it stopped.
 *
 * @param epochs per-epoch statistics, in order
 * @param stopReason {@code "completed"}, {@code "early stopping: ..."}, {@code "non-finite loss ..."}
 */
public record History(List<EpochStats> epochs, String stopReason) {
  /** Validates. */
  public History {
    Checks.notNull(epochs, "epochs");
    Checks.notNull(stopReason, "stopReason");
  }

  /** {@return the last epoch's statistics, if any epoch completed} */
  public Option<EpochStats> last() {
    return epochs.lastOption();
  }

  /**
   * {@return this history with one more epoch}
   *
   * @param e the epoch's statistics
   */
  public History plus(EpochStats e) {
    return new History(epochs.append(Checks.notNull(e, "e")), stopReason);
  }

  /**
   * {@return this history with a stop reason}
   *
   * @param reason why
   */
  public History stopped(String reason) {
    return new History(epochs, Checks.notNull(reason, "reason"));
  }
}
