package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.loss.Metrics;

/** The training loop's accuracy count: argmax of outputs against labels or one-hot targets. */
final class Accuracies {
  private Accuracies() {}

  /**
   * The number of correct predictions in a batch, or NaN when the targets are not class labels:
   * outputs {@code [N, K]} (K > 1) against labels {@code [N]} or one-hot / soft labels
   * {@code [N, K]} (rows of entries in {@code [0, 1]} summing to 1; other targets of that shape are
   * regression targets); a single logit {@code [N, 1]} or {@code [N]} against 0/1 targets
   * (positive logit means 1).
   *
   * @throws IllegalArgumentException if labels {@code [N]} against {@code [N, K]} outputs are not
   *     integers in {@code [0, K)} (naming the label, its index and K)
   */
  static double correct(Tensor outputs, Tensor targets) {
    if (outputs.rank() == 2 && outputs.shape().dim(1) > 1) {
      boolean labels = targets.rank() == 1 || (targets.shape().equals(outputs.shape()) && distributions(targets));
      return labels ? Math.round(Metrics.accuracy(outputs, targets) * outputs.shape().dim(0)) : Double.NaN;
    }
    if (outputs.size() == targets.size() && outputs.shape().dim(0) == targets.shape().dim(0)) {
      double[] o = outputs.toArray();
      double[] t = targets.toArray();
      double c = 0;
      for (int i = 0; i < o.length; i++) {
        if (t[i] != 0 && t[i] != 1) {
          return Double.NaN;
        }
        c += (o[i] > 0 ? 1 : 0) == t[i] ? 1 : 0;
      }
      return c;
    }
    return Double.NaN;
  }

  /** True if every row of {@code t [N, K]} is a probability distribution (entries in [0, 1], sum 1). */
  private static boolean distributions(Tensor t) {
    int k = t.shape().dim(1);
    double[] d = t.toArray();
    for (int i = 0; i < d.length; i += k) {
      double sum = 0;
      for (int j = i; j < i + k; j++) {
        if (!(d[j] >= 0 && d[j] <= 1)) {
          return false;
        }
        sum += d[j];
      }
      if (Math.abs(sum - 1) > 1e-6) {
        return false;
      }
    }
    return true;
  }
}
