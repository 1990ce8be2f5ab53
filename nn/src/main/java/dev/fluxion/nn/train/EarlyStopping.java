package dev.fluxion.nn.train;

/**
 * Stops when the monitored loss (validation loss if present, else training loss) has not
 * improved by at least {@code minDelta} for {@code patience} epochs. Immutable configuration;
 * the best value is tracked per run by {@link #tracker()}.
 *
 * @param patience epochs without improvement tolerated, {@code >= 1}
 * @param minDelta the smallest decrease that counts as improvement, {@code >= 0}
 */
public record EarlyStopping(int patience, double minDelta) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if patience is below 1 or minDelta negative
   */
  public EarlyStopping {
    if (patience < 1 || !(minDelta >= 0)) {
      throw new IllegalArgumentException("EarlyStopping: need patience >= 1 and minDelta >= 0");
    }
  }

  /** {@return A callback that applies this rule during one training run} */
  public Callback tracker() {
    return new Callback() {
      private double best = Double.POSITIVE_INFINITY;
      private int bad;

      @Override
      public Decision onEpochEnd(EpochStats s, Snapshot snapshot) {
        double v = Double.isNaN(s.validationLoss()) ? s.trainLoss() : s.validationLoss();
        if (v < best - minDelta) {
          best = v;
          bad = 0;
          return Decision.CONTINUE;
        }
        bad++;
        return bad >= patience
            ? Decision.stop("early stopping: no improvement for " + bad + " epochs (best " + best + ")")
            : Decision.CONTINUE;
      }
    };
  }
}
