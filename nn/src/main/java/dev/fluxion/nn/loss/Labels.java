package dev.fluxion.nn.loss;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/** Shape checks and class-label handling shared by the losses and metrics. */
final class Labels {
  private Labels() {}

  /**
   * Checks that {@code a} and {@code b} have one shape with a batch axis.
   *
   * @throws IllegalArgumentException naming the loss and both shapes otherwise
   */
  static void sameShape(String loss, String aName, Expr a, String bName, Expr b) {
    Checks.notNull(a, loss + ": " + aName);
    Checks.notNull(b, loss + ": " + bName);
    if (!a.shape().equals(b.shape())) {
      throw new IllegalArgumentException(loss + ": " + aName + " " + a.shape() + " and " + bName + " " + b.shape()
          + " differ in shape");
    }
    if (a.shape().rank() == 0) {
      throw new IllegalArgumentException(loss + ": " + aName + " has shape [] but needs a batch axis (rank >= 1)");
    }
  }

  /**
   * Checks that {@code logits} is {@code [n, k]} with {@code k >= 1}.
   *
   * @throws IllegalArgumentException naming the loss and the shape otherwise
   */
  static void requireLogits(String loss, Shape logits) {
    if (logits.rank() != 2 || logits.dim(1) < 1) {
      throw new IllegalArgumentException(loss + ": logits must have shape [n, k] with k >= 1, got " + logits);
    }
  }

  /**
   * The one-hot matrix {@code [n, k]} of integer labels {@code [n]}, computed by the {@link OneHot}
   * op: constant labels are folded (and checked) now, labels bound at run time (a variable bound
   * per batch) are checked by the op's kernel on every evaluation, eager or compiled.
   *
   * @throws IllegalArgumentException on a shape mismatch, or a constant label that is not an
   *     integer in {@code [0, k)}
   */
  static Expr oneHot(String loss, Expr logits, Expr labels) {
    Checks.notNull(logits, loss + ": logits");
    Checks.notNull(labels, loss + ": labels");
    Shape s = logits.shape();
    requireLogits(loss, s);
    Shape l = labels.shape();
    if (l.rank() != 1) {
      throw new IllegalArgumentException(loss + ": labels must have shape [n] (class indices), got " + l
          + " (use the one-hot variant for [n, k] labels)");
    }
    if (l.dim(0) != s.dim(0)) {
      throw new IllegalArgumentException(loss + ": logits " + s + " and labels " + l + " differ in batch size");
    }
    return apply(new OneHot(loss, s.dim(1), logits.dtype()), labels);
  }

  /**
   * The class indices of a label tensor {@code [n]}.
   *
   * @throws IllegalArgumentException naming the label, its index and the number of classes if a
   *     label is not an integer in {@code [0, classes)} (NaN and infinities included)
   */
  static int[] indices(String who, Tensor labels, int classes) {
    double[] d = labels.toArray();
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      if (!(d[i] >= 0 && d[i] < classes && d[i] == Math.rint(d[i]))) {
        throw new IllegalArgumentException(labelError(who, d[i], i, classes));
      }
      out[i] = (int) d[i];
    }
    return out;
  }

  /** The message for a bad label {@code v} at batch index {@code i}, naming the number of classes. */
  static String labelError(String who, double v, int i, int classes) {
    String what = v >= 0 && v < classes ? "is not an integer class index in" : Double.isNaN(v) ? "is not a class index in"
        : "is outside";
    String hint = classes == 1 ? "; a single output unit is one class: for 0/1 labels use 2 outputs, or one logit with"
        + " binaryCrossEntropyWithLogits" : "";
    return who + ": label " + format(v) + " at index " + i + " " + what + " [0, " + classes + ") (" + classes
        + (classes == 1 ? " class" : " classes") + hint + ")";
  }

  /** {@code 3} for 3.0, else the double as Java prints it. */
  static String format(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
  }

  /**
   * {@code e} with its entries checked to be probabilities in {@code [0, 1]}: now if it is
   * constant, else by a {@link ProbabilityCheck} node each time the loss is evaluated.
   *
   * @throws IllegalArgumentException naming the loss and the first bad entry of a constant
   */
  static Expr probabilities(String loss, String name, Expr e) {
    if (e instanceof Const c) {
      requireProbabilities(loss, name, c.value());
      return e;
    }
    return apply(new ProbabilityCheck(loss, name), e);
  }

  /**
   * Checks that a tensor's entries are probabilities in {@code [0, 1]}.
   *
   * @throws IllegalArgumentException naming the loss, the first bad entry and its index
   */
  static void requireProbabilities(String loss, String name, Tensor t) {
    double[] d = t.toArray();
    int[] dims = t.shape().toArray();
    for (int i = 0; i < d.length; i++) {
      if (!(d[i] >= 0 && d[i] <= 1)) {
        throw new IllegalArgumentException(loss + ": " + name + " entry " + d[i] + " at index " + index(dims, i)
            + " is outside [0, 1]");
      }
    }
  }

  /** The multi-index {@code [i, j, ...]} of flat index {@code flat} in a row-major shape. */
  private static String index(int[] dims, int flat) {
    int[] idx = new int[dims.length];
    for (int a = dims.length - 1, rest = flat; a >= 0; a--) {
      idx[a] = rest % dims[a];
      rest /= dims[a];
    }
    return java.util.Arrays.toString(idx);
  }
}
