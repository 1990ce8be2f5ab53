package dev.fluxion.nn.train;

import org.jspecify.annotations.Nullable;

/**
 * Stops when the monitored loss (validation loss if present, else training loss) has not
 * improved by at least {@code minDelta} for {@code patience} epochs. Immutable configuration;
 * the best value is tracked per run by {@link #tracker()}.
 *
 * <p>By default the run returns the last epoch's weights, as Keras' {@code EarlyStopping} does
 * ({@code restore_best_weights=False}). With {@code restoreBest} it returns the weights, model
 * state and optimizer state of the best epoch (when training ends for any reason, as Keras 3
 * does), and {@link History#restoredEpoch()} names that epoch.
 *
 * @param patience epochs without improvement tolerated, {@code >= 1}
 * @param minDelta the smallest decrease that counts as improvement, {@code >= 0}
 * @param restoreBest return the best epoch's state instead of the last one
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBest) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if patience is below 1 or minDelta negative or NaN
   */
  public EarlyStopping {
    if (patience < 1 || !(minDelta >= 0)) {
      throw new IllegalArgumentException("EarlyStopping: need patience >= 1 and minDelta >= 0, got patience "
          + patience + " and minDelta " + minDelta);
    }
  }

  /**
   * Early stopping that returns the last epoch's weights (Keras' default).
   *
   * @param patience epochs without improvement tolerated, {@code >= 1}
   * @param minDelta the smallest decrease that counts as improvement, {@code >= 0}
   */
  public EarlyStopping(int patience, double minDelta) {
    this(patience, minDelta, false);
  }

  /**
   * {@return this rule, returning the best epoch's state when {@code restore} is true}
   *
   * @param restore whether to restore the best epoch
   */
  public EarlyStopping withRestoreBest(boolean restore) {
    return new EarlyStopping(patience, minDelta, restore);
  }

  /** {@return a fresh callback that applies this rule during one training run} */
  public Callback tracker() {
    return new Callback() {
      private double best = Double.POSITIVE_INFINITY;
      private int bad;
      private @Nullable Snapshot bestSnapshot;

      @Override
      public Decision onEpochEnd(EpochStats s, Snapshot snapshot) {
        double v = Double.isNaN(s.validationLoss()) ? s.trainLoss() : s.validationLoss();
        if (v < best - minDelta) {
          best = v;
          bad = 0;
          bestSnapshot = snapshot;
          return Decision.CONTINUE;
        }
        bad++;
        return bad >= patience
            ? Decision.stop("early stopping: no improvement for " + bad + " epochs (best " + best
                + (bestSnapshot == null ? "" : " at epoch " + bestSnapshot.epoch()) + ")")
            : Decision.CONTINUE;
      }

      @Override
      public @Nullable Snapshot onTrainEnd() {
        return restoreBest ? bestSnapshot : null;
      }
    };
  }
}
