package dev.fluxion.nn.train;

/**
 * Called after every epoch with its statistics and the current training state; returns whether
 * to go on. Callbacks must not mutate anything they are given (everything is immutable anyway).
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
     * @param reason why
     */
    public static Decision stop(String reason) {
      return new Decision(true, reason);
    }
  }

  /**
   * A snapshot of training after an epoch.
   *
   * @param params the parameters
   * @param state the model state
   * @param optimizerState the optimizer state
   * @param step the number of optimizer steps taken
   */
  record Snapshot(Object params, Object state, Object optimizerState, long step) {}

  /**
   * {@return whether to continue, after inspecting an epoch's results}
   *
   * @param stats the statistics
   * @param snapshot the snapshot
   */
  Decision onEpochEnd(EpochStats stats, Snapshot snapshot);
}
