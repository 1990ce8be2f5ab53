package dev.fluxion.nn.loss;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Classification metrics on concrete tensors (not expressions; they are not differentiable):
 * the predicted class of a row of logits is its argmax, the first one on ties. Logits may be
 * infinite but not NaN (a NaN row has no argmax; it is rejected rather than counted as class 0).
 */
public final class Metrics {
  private Metrics() {}

  /**
   * The fraction of examples whose argmax logit is the true class, {@code (1/n) Σ_i [argmax z_i = y_i]}.
   *
   * @param logits shape {@code [n, k]} with {@code n >= 1}
   * @param labels class indices {@code [n]} (integers in {@code [0, k)}) or one-hot / soft labels
   *     {@code [n, k]} (the true class is the row's argmax)
   * @return a value in {@code [0, 1]}
   * @throws IllegalArgumentException if the shapes do not fit, the batch is empty, a logit is NaN,
   *     a label is not an integer in {@code [0, k)} (naming it, its index and {@code k}), or a
   *     one-hot row has an entry outside {@code [0, 1]} or no positive entry
   */
  public static double accuracy(Tensor logits, Tensor labels) {
    int[] predicted = predictions("accuracy", logits);
    int[] actual = trueClasses("accuracy", logits, labels);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      correct += predicted[i] == actual[i] ? 1 : 0;
    }
    return (double) correct / predicted.length;
  }

  /**
   * The confusion matrix {@code C[i][j]} = the number of examples of true class {@code i}
   * predicted as class {@code j}.
   *
   * @param logits shape {@code [n, classes]} with {@code n >= 1}
   * @param labels class indices {@code [n]} or one-hot labels {@code [n, classes]}
   * @param classes the number of classes, {@code >= 1}
   * @return the counts, with per-class precision and recall
   * @throws IllegalArgumentException if the shapes do not fit {@code classes}, the batch is empty,
   *     a logit is NaN, a label is not an integer in {@code [0, classes)} (naming it, its index and
   *     {@code classes}), or a one-hot row has an entry outside {@code [0, 1]} or no positive entry
   */
  public static ConfusionMatrix confusionMatrix(Tensor logits, Tensor labels, int classes) {
    Checks.notNull(logits, "confusionMatrix: logits");
    if (classes < 1) {
      throw new IllegalArgumentException("confusionMatrix: classes must be >= 1, got " + classes);
    }
    if (logits.rank() == 2 && logits.shape().dim(1) != classes) {
      throw new IllegalArgumentException("confusionMatrix: logits " + logits.shape() + " have "
          + logits.shape().dim(1) + " classes, expected " + classes);
    }
    int[] predicted = predictions("confusionMatrix", logits);
    int[] actual = trueClasses("confusionMatrix", logits, labels);
    int[][] counts = new int[classes][classes];
    for (int i = 0; i < predicted.length; i++) {
      counts[actual[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(counts);
  }

  private static int[] predictions(String who, Tensor logits) {
    Checks.notNull(logits, who + ": logits");
    Shape s = logits.shape();
    if (s.rank() != 2 || s.dim(1) < 1) {
      throw new IllegalArgumentException(who + ": logits must have shape [n, k] with k >= 1, got " + s);
    }
    if (s.dim(0) == 0) {
      throw new IllegalArgumentException(who + ": the batch is empty (logits " + s + ")");
    }
    double[] d = logits.toArray();
    for (int i = 0; i < d.length; i++) {
      if (Double.isNaN(d[i])) {
        throw new IllegalArgumentException(who + ": logits " + s + " have NaN at row " + i / s.dim(1) + ", column "
            + i % s.dim(1) + " (no argmax)");
      }
    }
    return logits.argmax(1).toIntArray();
  }

  private static int[] trueClasses(String who, Tensor logits, Tensor labels) {
    Checks.notNull(labels, who + ": labels");
    Shape s = logits.shape();
    Shape l = labels.shape();
    if (l.rank() == 2 && l.equals(s)) {
      requireOneHotRows(who, labels);
      return labels.argmax(1).toIntArray();
    }
    if (l.rank() == 1 && l.dim(0) == s.dim(0)) {
      return Labels.indices(who, labels, s.dim(1));
    }
    String problem = l.rank() == 1 || (l.rank() == 2 && l.dim(1) == s.dim(1)) ? "differ in batch size"
        : "do not fit (labels must be [n] class indices or [n, k] one-hot)";
    throw new IllegalArgumentException(who + ": logits " + s + " and labels " + l + " " + problem);
  }

  /** One-hot or soft label rows: entries in {@code [0, 1]}, each row with a positive entry. */
  private static void requireOneHotRows(String who, Tensor labels) {
    int k = labels.shape().dim(1);
    double[] d = labels.toArray();
    for (int i = 0; i < d.length; i += k) {
      double rowSum = 0;
      for (int j = 0; j < k; j++) {
        double v = d[i + j];
        if (!(v >= 0 && v <= 1)) {
          throw new IllegalArgumentException(who + ": one-hot label " + v + " at row " + i / k + ", column " + j
              + " is outside [0, 1] (" + k + " classes)");
        }
        rowSum += v;
      }
      if (rowSum == 0) {
        throw new IllegalArgumentException(who + ": one-hot label row " + i / k + " is all zeros (no class among "
            + k + ")");
      }
    }
  }
}
