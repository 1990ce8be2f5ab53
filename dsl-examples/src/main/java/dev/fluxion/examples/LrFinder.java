package dev.fluxion.examples;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.optim.Schedule;
import dev.fluxion.nn.optim.Schedules;
import dev.fluxion.nn.train.CompiledModel;
import dev.fluxion.nn.tree.Trees;
import dev.fluxion.nn.train.Loss;
import java.util.Arrays;

/**
 * The learning-rate range test (Smith 2017, "Cyclical Learning Rates", §3.3; fastai's
 * {@code lr_find}): train from fresh parameters with Adam while the learning rate grows
 * exponentially from {@code startLr} to {@code endLr}, one step per value, record the
 * exponentially smoothed loss ({@code β = 0.98}, bias-corrected) and stop once it exceeds four
 * times its best value. A good learning rate lies where the loss still falls steeply, well
 * before its minimum.
 */
public final class LrFinder {
  /** The smoothing factor of the recorded loss. */
  static final double BETA = 0.98;

  /** Steps skipped at the start and the end when looking for the steepest descent (fastai's defaults). */
  private static final int SKIP_START = 10;
  private static final int SKIP_END = 5;

  private LrFinder() {}

  /**
   * The recorded curve and the two usual suggestions.
   *
   * @param lrs the learning rate of each recorded step, increasing
   * @param losses the smoothed loss of each recorded step
   * @param minimumLr the learning rate at the smallest smoothed loss
   * @param steepestLr the learning rate where the smoothed loss falls fastest against {@code log lr}
   * @param stopReason {@code "completed"}, or why the test stopped early
   */
  public record Result(double[] lrs, double[] losses, double minimumLr, double steepestLr, String stopReason) {
    /** fastai's conservative choice: a tenth of the learning rate at the minimum loss. */
    public double minimumOverTen() {
      return minimumLr / 10;
    }
  }

  /**
   * Runs the range test.
   *
   * @param model the model, started from {@code params}
   * @param data the batches, cycled through epoch after epoch until {@code steps} steps are taken
   * @param startLr the first learning rate, {@code > 0}
   * @param endLr the last learning rate, {@code > startLr}
   * @param steps the number of steps, {@code >= 2}
   * @throws IllegalArgumentException if an argument is out of range or the data does not fit the model
   */
  public static <P, S> Result run(Layer<P, S> model, P params, Loss loss, DataLoader data, double startLr, double endLr,
      int steps) {
    Checks.notNull(model, "model");
    Checks.notNull(data, "data");
    if (!(startLr > 0 && endLr > startLr && Double.isFinite(endLr)) || steps < 2) {
      throw new IllegalArgumentException("LrFinder: need 0 < startLr < endLr and steps >= 2, got " + startLr + ", "
          + endLr + ", " + steps);
    }
    var example = data.dataset();
    S state = model.initState(example.featureShape(), Trees.dtype(params, example.dtype()));
    var compiled = new CompiledModel<>(model, loss, null, params, state, example.featureShape(), example.targetShape());
    Schedule lr = Schedules.exponential(startLr, endLr / startLr, steps - 1, false);
    var optimizer = Optimizers.adam(lr, 0.9, 0.999, 1e-8);
    var optState = optimizer.init(params);
    double[] lrs = new double[steps];
    double[] losses = new double[steps];
    double average = 0;
    double best = Double.POSITIVE_INFINITY;
    int t = 0;
    String stop = "completed";
    P p = params;
    for (int epoch = 0; t < steps && stop.equals("completed"); epoch++) {
      for (Batch b : data.batches(epoch)) {
        var r = compiled.step(p, state, b.x(), b.y(), t);
        if (!Double.isFinite(r.loss())) {
          stop = "non-finite loss at lr " + lr.at(t);
          break;
        }
        average = BETA * average + (1 - BETA) * r.loss();
        double smoothed = average / (1 - Math.pow(BETA, t + 1));
        lrs[t] = lr.at(t);
        losses[t] = smoothed;
        best = Math.min(best, smoothed);
        var update = optimizer.update(r.grads(), optState, p);
        p = Optimizers.applyUpdates(p, update.updates());
        optState = update.state();
        state = r.state();
        t++;
        if (smoothed > 4 * best) {
          stop = "loss exploded (over 4 times its best) at lr " + lrs[t - 1];
          break;
        }
        if (t == steps) {
          break;
        }
      }
    }
    if (t == 0) {
      throw new IllegalArgumentException("LrFinder: the loss is not finite at the first step");
    }
    double[] lrsRun = Arrays.copyOf(lrs, t);
    double[] lossesRun = Arrays.copyOf(losses, t);
    return new Result(lrsRun, lossesRun, lrsRun[argmin(lossesRun, 0, t)], lrsRun[steepest(lrsRun, lossesRun)], stop);
  }

  /** The index of the most negative slope of loss against {@code log lr} (central differences), skipping the ends. */
  private static int steepest(double[] lrs, double[] losses) {
    int n = losses.length;
    int from = n > SKIP_START + SKIP_END + 2 ? SKIP_START : 0;
    int to = n > SKIP_START + SKIP_END + 2 ? n - SKIP_END : n;
    if (n < 2) {
      return 0;
    }
    double[] slope = new double[n];
    for (int i = 0; i < n; i++) {
      int a = Math.max(0, i - 1);
      int b = Math.min(n - 1, i + 1);
      slope[i] = (losses[b] - losses[a]) / (Math.log(lrs[b]) - Math.log(lrs[a]));
    }
    return argmin(slope, from, to);
  }

  private static int argmin(double[] v, int from, int to) {
    int best = from;
    for (int i = from + 1; i < to; i++) {
      if (v[i] < v[best]) {
        best = i;
      }
    }
    return best;
  }
}
