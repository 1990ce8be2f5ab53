package dev.fluxion.nn.loss;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Batch;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The op {@code labels [n] -> one-hot [n, k]} whose kernel checks every label value each time it
 * runs, so labels bound per batch to a compiled plan are checked on every batch, not only when
 * the loss is traced. Labels are data: the op has no derivative.
 */
final class OneHot implements Op {
  private final String who;
  private final int classes;
  private final DType dtype;

  /**
   * The op for {@code classes} classes; errors name {@code who} (the loss or metric).
   *
   * @param who the loss or metric, for messages
   * @param classes {@code k >= 1}
   * @param dtype the rows' dtype, the logits'
   */
  OneHot(String who, int classes, DType dtype) {
    if (classes < 1) {
      throw new IllegalArgumentException(who + ": needs at least one class, got " + classes);
    }
    this.who = who;
    this.classes = classes;
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return "oneHot";
  }

  @Override
  public String attributes() {
    return "classes=" + classes;
  }

  /** The rows have the logits' dtype; the labels may be int32 (preferred) or float-coded integers. */
  @Override
  public DType inferDType(List<DType> args) {
    return dtype;
  }

  @Override
  public int arity() {
    return 1;
  }

  /** The batch folded into the labels' axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.unfold(Fx.apply(this, b.fold(x.get(0))));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape l = args.get(0);
    if (l.rank() != 1) {
      throw new IllegalArgumentException(who + ": labels must have shape [n] (class indices), got " + l);
    }
    return Shape.of(l.dim(0), classes);
  }

  /**
   * {@return the one-hot rows of the labels}
   *
   * @throws IllegalArgumentException naming the label, its index in the batch and the number of
   *     classes if a label is not an integer in {@code [0, k)} (NaN included)
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    return Tensor.oneHot(Labels.indices(who, args.get(0), classes), classes).cast(dtype);
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return null;
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return null;
  }
}
