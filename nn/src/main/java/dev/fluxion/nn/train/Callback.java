package dev.fluxion.nn.train;

import org.jspecify.annotations.Nullable;

/**
 * Called after every epoch with its statistics and the current training state; returns whether
 * to go on. Every callback sees every epoch: when one asks to stop, the callbacks after it still
 * see that epoch, and training stops once all have seen it. When training ends (completed,
 * stopped, or stopped by a non-finite loss), {@link #onTrainEnd} may name an earlier snapshot for
 * the run to return instead of the last state (early stopping's restore-best); the first callback
 * that does wins. Callbacks must not mutate anything they are given (everything is immutable
 * anyway). A callback object that keeps per-run state (such as {@link EarlyStopping#tracker()})
 * serves one run at a time.
 */
@FunctionalInterface
public interface Callback {
  /**
   * The decision after an epoch.
   *
   * @param stop true to end training after this epoch
   * @param reason why (shown in the history), empty when going on
   */
  record Decision(boolean stop, String reason) {
    /** Go on. */
    public static final Decision CONTINUE = new Decision(false, "");

    /**
     * {@return Stop, for {@code reason}}
     *
     * @param reason shown in the history, e.g. {@code "early stopping: no improvement for 3 epochs"}
     */
    public static Decision stop(String reason) {
      return new Decision(true, reason);
    }
  }

  /**
   * A snapshot of training after an epoch.
   *
   * @param params the parameter record after the epoch
   * @param modelState the model's state after the epoch (e.g. running statistics)
   * @param optimizerState the optimizer's state after the epoch
   * @param step the number of optimizer steps taken
   * @param epoch the epoch just completed, {@code >= 1}
   */
  record Snapshot(Object params, Object modelState, Object optimizerState, long step, int epoch) {}

  /**
   * {@return whether to continue, after inspecting an epoch's results}
   *
   * @param stats the epoch's losses and accuracies
   * @param snapshot the training state after the epoch, e.g. to save or restore
   */
  Decision onEpochEnd(EpochStats stats, Snapshot snapshot);

  /**
   * {@return the snapshot training should return instead of its last state, or null (the default)
   * to return the last state}; called once when training ends
   */
  default @Nullable Snapshot onTrainEnd() {
    return null;
  }
}
