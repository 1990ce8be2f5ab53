package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Indexing;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code (updates, indices) → y}, the transpose of {@link Gather}: zeros of shape
 * {@code updates[:axis] ++ [size] ++ updates[axis+indices.rank:]} with each slice of {@code updates}
 * added at its index ({@code y[..., indices[j], ...] += updates[..., j, ...]}, in the order of
 * {@code j}), {@code indices} int32.
 *
 * <p>Linear in {@code updates}: its tangent is scattered the same way and its cotangent gathered. The
 * indices have no derivative.
 *
 * @param axis where the indices' axes start in {@code updates}, {@code >= 0}
 * @param size the output's length along {@code axis}, {@code >= 0}
 */
public record ScatterAdd(int axis, int size) implements Op {
  /** Validates the axis and size. */
  public ScatterAdd {
    if (axis < 0 || size < 0) {
      throw new IllegalArgumentException("scatterAdd: axis " + axis + " and size " + size + " must be >= 0");
    }
  }

  @Override
  public String name() {
    return "scatterAdd";
  }

  @Override
  public String attributes() {
    return "axis=" + axis + ", size=" + size;
  }

  @Override
  public int arity() {
    return 2;
  }

  /** Batched updates with shared indices scatter along the shifted axis; batched indices: per example. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.batched(1) ? b.perExample(this, x) : Fx.apply(new ScatterAdd(axis + 1, size), x.get(0), x.get(1));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return Indexing.scatterShape(args.get(0), args.get(1), axis, size);
  }

  /** The updates' float dtype; the indices must be int32. */
  @Override
  public DType inferDType(List<DType> args) {
    return Gather.indexed(name(), args);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Indexing.scatterAdd(args.get(0), args.get(1), axis, size);
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return i == 0 ? Fx.scatterAdd(xDot, x.get(1), axis, size) : null;
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return i == 0 ? Fx.gather(yBar, x.get(1), axis) : null;
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }
}
