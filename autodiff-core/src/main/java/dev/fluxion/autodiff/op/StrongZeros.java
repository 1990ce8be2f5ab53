package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import org.jspecify.annotations.Nullable;

/** Unions of structural-zero masks (1 where zero, else 0; null for none), for {@link Op#structuralZeros}. */
final class StrongZeros {
  private StrongZeros() {}

  /** {@return the union of two masks of one shape; null if both are null} */
  static @Nullable Expr or(@Nullable Expr a, @Nullable Expr b) {
    return a == null ? b : b == null ? a : Fx.maximum(a, b);
  }

  /** {@return 1 where {@code c} is not 0 (NaN included), else 0} */
  static Expr nonZero(Expr c) {
    return Fx.sub(Fx.scalar(1.0), Fx.eq(c, Fx.zerosLike(c)));
  }
}
