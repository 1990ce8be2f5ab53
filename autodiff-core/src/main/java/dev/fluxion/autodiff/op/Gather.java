package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Indexing;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code (x, indices) → y}, NumPy's {@code take(x, indices, axis)}: {@code y[..., j, ...] =
 * x[..., indices[j], ...]}, shape {@code x[:axis] ++ indices ++ x[axis+1:]}, {@code indices} int32.
 *
 * <p>Linear in {@code x}: its tangent is gathered the same way, its cotangent is scattered back and
 * added ({@link ScatterAdd}, the transpose). The indices have no derivative. An embedding lookup
 * is {@code gather(table, tokens, 0)} and costs O(tokens × dim), not O(vocabulary).
 *
 * @param axis the axis of {@code x} indexed, {@code >= 0}
 */
public record Gather(int axis) implements Op {
  /** Validates the axis. */
  public Gather {
    if (axis < 0) {
      throw new IllegalArgumentException("gather: axis " + axis + " is negative (normalize it first)");
    }
  }

  @Override
  public String name() {
    return "gather";
  }

  @Override
  public String attributes() {
    return "axis=" + axis;
  }

  @Override
  public int arity() {
    return 2;
  }

  /**
   * Batched values with shared indices gather along the shifted axis; shared values with batched indices
   * gather as before and move the batch axis (now at {@code axis}) to the front; both batched: per example.
   */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    if (!b.batched(1)) {
      return Fx.apply(new Gather(axis + 1), x.get(0), x.get(1));
    }
    if (b.batched(0)) {
      return b.perExample(this, x);
    }
    Expr y = Fx.apply(this, x.get(0), x.get(1));
    int[] perm = new int[y.shape().rank()];
    perm[0] = axis;
    for (int i = 1; i < perm.length; i++) {
      perm[i] = i <= axis ? i - 1 : i;
    }
    return Fx.permute(y, perm);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return Indexing.gatherShape(args.get(0), args.get(1), axis);
  }

  /** The values are {@code x}'s float dtype; the indices must be int32. */
  @Override
  public DType inferDType(List<DType> args) {
    return indexed(name(), args);
  }

  /** {@code args.get(0)} if it is a float and {@code args.get(1)} is int32; throws naming them otherwise. */
  static DType indexed(String op, List<DType> args) {
    if (!args.get(0).isFloat() || args.get(1) != DType.INT32) {
      throw new IllegalArgumentException(op + ": takes float values and int32 indices, got " + args.get(0)
          + " and " + args.get(1));
    }
    return args.get(0);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Indexing.gather(args.get(0), args.get(1), axis);
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0 ? Fx.gather(xDot, x.get(1), axis) : null;
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return i == 0 ? Fx.scatterAdd(yBar, x.get(1), axis, x.get(0).shape().dim(axis)) : null;
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0);
  }
}
