package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The immutable record of a training run: one {@link EpochStats} per completed epoch, why it
 * stopped, and which epoch's weights the run returned.
 *
 * @param epochs per-epoch statistics, in order (an unmodifiable copy)
 * @param stopReason {@code "completed"}, {@code "early stopping: ..."}, {@code "non-finite loss ..."}
 * @param restoredEpoch the epoch whose weights the run returned when a callback restored earlier
 *     weights (early stopping with restore-best), {@code 0} when it returned the last state
 */
public record History(List<EpochStats> epochs, String stopReason, int restoredEpoch) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if an argument is null or {@code restoredEpoch} is negative
   */
  public History {
    epochs = List.copyOf(Checks.notNull(epochs, "epochs"));
    Checks.notNull(stopReason, "stopReason");
    if (restoredEpoch < 0) {
      throw new IllegalArgumentException("History: restoredEpoch must be >= 0, got " + restoredEpoch);
    }
  }

  /**
   * A history that returned the last state.
   *
   * @param epochs per-epoch statistics, in order
   * @param stopReason why training stopped
   */
  public History(List<EpochStats> epochs, String stopReason) {
    this(epochs, stopReason, 0);
  }

  /** {@return the last epoch's statistics, if any epoch completed} */
  public Optional<EpochStats> last() {
    return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
  }

  /**
   * {@return this history with one more epoch}
   *
   * @param e the epoch's statistics
   */
  public History plus(EpochStats e) {
    List<EpochStats> more = new ArrayList<>(epochs);
    more.add(Checks.notNull(e, "e"));
    return new History(more, stopReason, restoredEpoch);
  }

  /**
   * {@return this history with a stop reason}
   *
   * @param reason why training stopped early, e.g. which callback stopped it
   */
  public History stopped(String reason) {
    return new History(epochs, Checks.notNull(reason, "reason"), restoredEpoch);
  }

  /**
   * {@return this history, noting that the run returned the weights of {@code epoch}}
   *
   * @param epoch the restored epoch, {@code >= 1}
   * @throws IllegalArgumentException if {@code epoch < 1}
   */
  public History restored(int epoch) {
    if (epoch < 1) {
      throw new IllegalArgumentException("History.restored: epoch must be >= 1, got " + epoch);
    }
    return new History(epochs, stopReason, epoch);
  }
}
