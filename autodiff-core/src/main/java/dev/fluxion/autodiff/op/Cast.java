package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The conversion {@code y = x} rounded to dtype {@code to} (JAX's {@code convert_element_type}):
 * float64 to float32 rounds to nearest, float32 to float64 is exact. Between the two floats its
 * derivative is the identity: the tangent is cast to {@code to}, the cotangent back to {@code x}'s
 * dtype. To or from the index dtype int32 (which truncates floats toward zero, and fails on NaN or
 * values beyond its range) there is no derivative. Formulas write it {@code float32(x)} or
 * {@code float64(x)}.
 *
 * @param to the output dtype
 */
public record Cast(DType to) implements Op {
  /** The cast to float32. */
  public static final Cast TO_FLOAT32 = new Cast(DType.FLOAT32);
  /** The cast to float64. */
  public static final Cast TO_FLOAT64 = new Cast(DType.FLOAT64);

  /** Validates the dtype. */
  public Cast {
    if (to == null) {
      throw new IllegalArgumentException("cast: the target dtype is null");
    }
  }

  @Override
  public String name() {
    return to.toString();
  }

  @Override
  public int arity() {
    return 1;
  }

  /** Elementwise: the same op on the batch. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return args.get(0);
  }

  @Override
  public DType inferDType(List<DType> args) {
    return to;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).cast(to);
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return floats(x) ? Fx.cast(xDot, to) : null;
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return floats(x) ? Fx.cast(yBar, x.get(0).dtype()) : null;
  }

  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    return zerosOfY == null || !floats(x) ? null : Fx.cast(zerosOfY, x.get(0).dtype());
  }

  /** Whether the cast is between the two floats (and so has a derivative). */
  private boolean floats(List<Expr> x) {
    return to.isFloat() && x.get(0).dtype().isFloat();
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public Syntax syntax() {
    return Syntax.function(Spelling.unary(to.toString(), a -> Fx.cast(a, to)));
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).monotone(to.isFloat() ? to::round : v -> v < 0 ? Math.ceil(v) : Math.floor(v));
  }
}
