package dev.fluxion.nn.loss;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Loss functions built from the {@link dev.fluxion.autodiff.expr.Fx} DSL, so every loss is
 * differentiable to any order by every mode of {@link dev.fluxion.autodiff.ad.AD}.
 *
 * <p>Axis 0 is the batch axis. Elementwise losses ({@code mse}, {@code mae}, {@code huber},
 * {@code binaryCrossEntropyWithLogits}) take the mean over the other axes to get one loss per
 * example, so {@link Reduction#MEAN} (the default) is the mean over all elements and
 * {@link Reduction#SUM} is the sum over the batch of those per-example means. Predictions and
 * targets must have exactly the same shape: there is no silent broadcasting (a {@code [n, 1]}
 * prediction against an {@code [n]} target is an error, not an {@code [n, n]} loss).
 *
 * <p>At kinks ({@code |r| = 0} for {@code mae}, a hinge exactly at its margin) the derivative is
 * the subgradient chosen by the underlying op ({@code abs'(0) = 0}, {@code relu'(0) = 0}).
 */
public final class Losses {
  private Losses() {}

  // ------------------------------------------------------------------ regression

  /**
   * {@return {@link #mse(Expr, Expr, Reduction)} with {@link Reduction#MEAN}}
   *
   * @param pred predictions, shape {@code [n, ...]}
   * @param target targets, the shape of {@code pred}
   */
  public static Expr mse(Expr pred, Expr target) {
    return mse(pred, target, Reduction.MEAN);
  }

  /**
   * {@return mean squared error {@code (p - t)²}, averaged over the non-batch axes, then reduced}
   *
   * @param pred predictions, shape {@code [n, ...]}
   * @param target targets, the shape of {@code pred}
   * @param reduction how the per-example losses {@code [n]} are reduced
   * @throws IllegalArgumentException if the shapes differ or have no batch axis
   */
  public static Expr mse(Expr pred, Expr target, Reduction reduction) {
    Labels.sameShape("mse", "pred", pred, "target", target);
    return reduce(square(sub(pred, target)), reduction);
  }

  /**
   * {@return {@link #mae(Expr, Expr, Reduction)} with {@link Reduction#MEAN}}
   *
   * @param pred predictions, shape {@code [n, ...]}
   * @param target targets, the shape of {@code pred}
   */
  public static Expr mae(Expr pred, Expr target) {
    return mae(pred, target, Reduction.MEAN);
  }

  /**
   * {@return mean absolute error {@code |p - t|}, averaged over the non-batch axes, then reduced; its
   * derivative at {@code p = t} is 0}
   *
   * @param pred predictions, shape {@code [n, ...]}
   * @param target targets, the shape of {@code pred}
   * @param reduction how the per-example losses {@code [n]} are reduced
   * @throws IllegalArgumentException if the shapes differ or have no batch axis
   */
  public static Expr mae(Expr pred, Expr target, Reduction reduction) {
    Labels.sameShape("mae", "pred", pred, "target", target);
    return reduce(abs(sub(pred, target)), reduction);
  }

  /**
   * {@return {@link #huber(Expr, Expr, double, Reduction)} with {@link Reduction#MEAN}}
   *
   * @param pred predictions, shape {@code [n, ...]}
   * @param target targets, the shape of {@code pred}
   * @param delta the threshold, finite and {@code > 0}
   */
  public static Expr huber(Expr pred, Expr target, double delta) {
    return huber(pred, target, delta, Reduction.MEAN);
  }

  /**
   * {@return the Huber loss of {@code r = p - t}: {@code ½ r²} where {@code |r| <= δ}, {@code δ (|r| - ½ δ)}
   * beyond, averaged over the non-batch axes, then reduced}
   *
   * <p>Both pieces and their first derivatives ({@code r} and {@code δ sign r}) meet at
   * {@code |r| = δ}, where the quadratic piece is taken, so the gradient is continuous and exact
   * there; the second derivative jumps from 1 to 0 there. The quadratic piece is written in
   * {@code r}, not {@code |r|}, so every order is also right at {@code r = 0}.
   *
   * @param pred predictions, shape {@code [n, ...]}
   * @param target targets, the shape of {@code pred}
   * @param delta the threshold {@code δ}, finite and {@code > 0}
   * @param reduction how the per-example losses {@code [n]} are reduced
   * @throws IllegalArgumentException if the shapes differ or have no batch axis, or {@code delta}
   *     is not finite and positive
   */
  public static Expr huber(Expr pred, Expr target, double delta, Reduction reduction) {
    Labels.sameShape("huber", "pred", pred, "target", target);
    if (!(Double.isFinite(delta) && delta > 0)) {
      throw new IllegalArgumentException("huber: delta must be finite and > 0, got " + delta);
    }
    Expr r = sub(pred, target);
    Expr a = abs(r);
    Expr quadratic = square(r).times(0.5);
    Expr linear = a.minus(0.5 * delta).times(delta);
    return reduce(where(le(a, scalar(delta)), quadratic, linear), reduction);
  }

  // ------------------------------------------------------------------ classification

  /**
   * {@return {@link #binaryCrossEntropyWithLogits(Expr, Expr, Reduction)} with {@link Reduction#MEAN}}
   *
   * @param logits unnormalised scores, shape {@code [n, ...]}, any finite values
   * @param targets the shape of {@code logits}, in {@code [0, 1]}
   */
  public static Expr binaryCrossEntropyWithLogits(Expr logits, Expr targets) {
    return binaryCrossEntropyWithLogits(logits, targets, Reduction.MEAN);
  }

  /**
   * {@return binary cross-entropy of {@code sigmoid(z)} against {@code t}, in the stable form
   * {@code max(z, 0) - z t + ln(1 + e^-|z|)}, averaged over the non-batch axes, then reduced}
   *
   * <p>{@code max(z, 0)} and {@code -|z|} are selected by one condition {@code z >= 0} (as in
   * TensorFlow), so their kinks cancel exactly: the derivative is {@code sigmoid(z) - t}
   * everywhere, including {@code z = 0} (taking {@code relu'(0) = abs'(0) = 0} separately would
   * give {@code -t} there). The value is finite for any finite {@code z}.
   *
   * @param logits {@code z}, shape {@code [n, ...]}, any finite values
   * @param targets {@code t}, the shape of {@code logits}, in {@code [0, 1]} (soft targets allowed),
   *     checked when the loss is built (constants) or each time it is evaluated
   * @param reduction how the per-example losses {@code [n]} are reduced
   * @throws IllegalArgumentException if the shapes differ or have no batch axis, or a target is
   *     outside {@code [0, 1]} (naming it and its index; raised by the evaluation for targets bound at
   *     run time)
   */
  public static Expr binaryCrossEntropyWithLogits(Expr logits, Expr targets, Reduction reduction) {
    String loss = "binaryCrossEntropyWithLogits";
    Labels.sameShape(loss, "logits", logits, "targets", targets);
    Expr t = Labels.probabilities(loss, "targets", targets);
    Expr nonNegative = ge(logits, scalar(0));
    Expr positivePart = where(nonNegative, logits, scalar(0));
    Expr minusAbs = where(nonNegative, neg(logits), logits);
    return reduce(positivePart.minus(logits.times(t)).plus(softplus(minusAbs)), reduction);
  }

  /**
   * {@return {@link #softmaxCrossEntropy(Expr, Expr, Reduction)} with {@link Reduction#MEAN}}
   *
   * @param logits unnormalised scores, shape {@code [n, k]}
   * @param labels class indices, shape {@code [n]}, integers in {@code [0, k)}
   */
  public static Expr softmaxCrossEntropy(Expr logits, Expr labels) {
    return softmaxCrossEntropy(logits, labels, Reduction.MEAN);
  }

  /**
   * {@return {@link #softmaxCrossEntropy(Expr, Expr, Reduction)} with constant labels and {@link Reduction#MEAN}}
   *
   * @param logits unnormalised scores, shape {@code [n, k]}
   * @param labels class indices, shape {@code [n]}, integers in {@code [0, k)}
   */
  public static Expr softmaxCrossEntropy(Expr logits, Tensor labels) {
    return softmaxCrossEntropy(logits, labels, Reduction.MEAN);
  }

  /**
   * {@return {@link #softmaxCrossEntropy(Expr, Expr, Reduction)} with constant labels}
   *
   * @param logits unnormalised scores, shape {@code [n, k]}
   * @param labels class indices, shape {@code [n]}, integers in {@code [0, k)}
   * @param reduction how to reduce over the batch
   */
  public static Expr softmaxCrossEntropy(Expr logits, Tensor labels, Reduction reduction) {
    return softmaxCrossEntropy(logits, constant(Checks.notNull(labels, "softmaxCrossEntropy: labels")), reduction);
  }

  /**
   * {@return softmax cross-entropy with integer labels, {@code -log softmax(z)_y = logsumexp(z) - z_y}
   * per example, computed with {@code logSoftmax}, so it is finite and exact for logits of
   * magnitude 1e4 and beyond} Its gradient in {@code z} is {@code softmax(z) - onehot(y)} per
   * example. The labels are data: the loss is not differentiated through them.
   *
   * @param logits {@code z}, shape {@code [n, k]}
   * @param labels class indices {@code y}, shape {@code [n]}, integers in {@code [0, k)}, checked
   *     when the loss is built (constant labels) or each time it is evaluated (labels bound per batch)
   * @param reduction how the per-example losses {@code [n]} are reduced
   * @throws IllegalArgumentException if {@code logits} is not {@code [n, k]}, {@code labels} is not
   *     {@code [n]}, or a label is not an integer in {@code [0, k)} (naming the label, its index and
   *     {@code k}; raised by the evaluation for labels bound at run time)
   */
  public static Expr softmaxCrossEntropy(Expr logits, Expr labels, Reduction reduction) {
    Expr oneHot = Labels.oneHot("softmaxCrossEntropy", logits, labels);
    return reduce(neg(pick(logSoftmax(logits, 1), oneHot)), reduction);
  }

  /**
   * {@return {@link #softmaxCrossEntropyOneHot(Expr, Expr, Reduction)} with {@link Reduction#MEAN}}
   *
   * @param logits unnormalised scores, shape {@code [n, k]}
   * @param oneHot shape {@code [n, k]}, rows of one-hot or soft labels in {@code [0, 1]}
   */
  public static Expr softmaxCrossEntropyOneHot(Expr logits, Expr oneHot) {
    return softmaxCrossEntropyOneHot(logits, oneHot, Reduction.MEAN);
  }

  /**
   * {@return softmax cross-entropy with one-hot or soft labels, {@code -Σ_j t_j log softmax(z)_j} per
   * example, computed with {@code logSoftmax}; a zero label weight contributes exactly zero even
   * against a logit of {@code -∞} (a masked class)} The gradient in {@code z} is
   * {@code softmax(z) Σ_j t_j - t}, i.e. {@code softmax(z) - t} when the rows of {@code t} sum to 1.
   *
   * @param logits {@code z}, shape {@code [n, k]}
   * @param oneHot {@code t}, shape {@code [n, k]}, entries in {@code [0, 1]} (checked when
   *     the loss is built or evaluated, as for the targets of the binary loss), rows normally summing to 1
   * @param reduction how the per-example losses {@code [n]} are reduced
   * @throws IllegalArgumentException if the shapes differ or are not {@code [n, k]}, or an entry
   *     is outside {@code [0, 1]} (raised by the evaluation for targets bound at run time)
   */
  public static Expr softmaxCrossEntropyOneHot(Expr logits, Expr oneHot, Reduction reduction) {
    String loss = "softmaxCrossEntropyOneHot";
    Labels.sameShape(loss, "logits", logits, "oneHot", oneHot);
    Labels.requireLogits(loss, logits.shape());
    Expr t = Labels.probabilities(loss, "oneHot", oneHot);
    Expr weighted = maskedMul(t, logSoftmax(logits, 1));
    return reduce(neg(sum(weighted, new int[] {1}, false)), reduction);
  }

  /**
   * {@return {@link #multiClassHinge(Expr, Expr, double, Reduction)} with {@link Reduction#MEAN}}
   *
   * @param logits scores, shape {@code [n, k]}
   * @param labels class indices, shape {@code [n]}, integers in {@code [0, k)}
   * @param margin finite and {@code >= 0}
   */
  public static Expr multiClassHinge(Expr logits, Expr labels, double margin) {
    return multiClassHinge(logits, labels, margin, Reduction.MEAN);
  }

  /**
   * {@return {@link #multiClassHinge(Expr, Expr, double, Reduction)} with constant labels and {@link Reduction#MEAN}}
   *
   * @param logits scores, shape {@code [n, k]}
   * @param labels class indices, shape {@code [n]}, integers in {@code [0, k)}
   * @param margin finite and {@code >= 0}
   */
  public static Expr multiClassHinge(Expr logits, Tensor labels, double margin) {
    return multiClassHinge(logits, labels, margin, Reduction.MEAN);
  }

  /**
   * {@return {@link #multiClassHinge(Expr, Expr, double, Reduction)} with constant labels}
   *
   * @param logits scores, shape {@code [n, k]}
   * @param labels class indices, shape {@code [n]}, integers in {@code [0, k)}
   * @param margin finite and {@code >= 0}
   * @param reduction how to reduce over the batch
   */
  public static Expr multiClassHinge(Expr logits, Tensor labels, double margin, Reduction reduction) {
    return multiClassHinge(logits, constant(Checks.notNull(labels, "multiClassHinge: labels")), margin, reduction);
  }

  /**
   * {@return the Weston–Watkins multi-class hinge loss (the SVM loss of CS231n),
   * {@code Σ_{j ≠ y} max(0, Δ + s_j - s_y)} per example: every wrong class within the margin
   * {@code Δ} of the true one is penalised (Crammer–Singer would penalise only the largest)} At a
   * term's kink ({@code s_j = s_y - Δ}) its derivative is taken as 0.
   *
   * @param logits scores {@code s}, shape {@code [n, k]}
   * @param labels class indices {@code y}, shape {@code [n]}, integers in {@code [0, k)}, checked
   *     when the loss is built (constant labels) or each time it is evaluated (labels bound per batch)
   * @param margin {@code Δ}, finite and {@code >= 0}
   * @param reduction how the per-example losses {@code [n]} are reduced
   * @throws IllegalArgumentException if the shapes do not fit, a label is not an integer in
   *     {@code [0, k)} (raised by the evaluation for labels bound at run time), or {@code margin} is
   *     not finite and non-negative
   */
  public static Expr multiClassHinge(Expr logits, Expr labels, double margin, Reduction reduction) {
    Expr oneHot = Labels.oneHot("multiClassHinge", logits, labels);
    if (!(Double.isFinite(margin) && margin >= 0)) {
      throw new IllegalArgumentException("multiClassHinge: margin must be finite and >= 0, got " + margin);
    }
    int n = logits.shape().dim(0);
    Expr trueScore = broadcastTo(reshape(pick(logits, oneHot), n, 1), logits.shape());
    Expr terms = relu(logits.minus(trueScore).plus(margin));
    return reduce(sum(where(oneHot, scalar(0), terms), new int[] {1}, false), reduction);
  }

  // ------------------------------------------------------------------ helpers

  /** {@code x[i, y_i]} for a hard one-hot {@code [n, k]}: shape {@code [n]}; other entries never leak. */
  private static Expr pick(Expr x, Expr oneHot) {
    return sum(where(oneHot, x, scalar(0)), new int[] {1}, false);
  }

  /** Per-example means over the non-batch axes, then the reduction. */
  private static Expr reduce(Expr elementwise, Reduction reduction) {
    Checks.notNull(reduction, "reduction");
    int rank = elementwise.shape().rank();
    int[] rest = new int[rank - 1];
    for (int i = 1; i < rank; i++) {
      rest[i - 1] = i;
    }
    Expr perExample = rank == 1 ? elementwise : mean(elementwise, rest, false);
    return reduction.reduce(perExample);
  }
}
