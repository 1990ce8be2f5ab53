package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Syntax.Associativity;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Strong-zero product {@code a == 0 || b == 0 ? 0 : a * b}: a zero factor wins over an infinite or NaN
 * one. The rules of masks (relu, abs, max) multiply a tangent or cotangent by their 0/1 derivative with
 * it, so what a mask cuts off stays exactly zero; every other rule uses IEEE {@code mul}. Prints as
 * {@code *}.
 */
public final class MaskedMul extends Binary {
  /** The op. */
  public static final MaskedMul OP = new MaskedMul();

  private MaskedMul() {
    super("maskedMul");
  }

  @Override
  public double scalar(double a, double b) {
    return a == 0 || b == 0 ? 0.0 : a * b;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor a = args.get(0);
    Tensor b = args.get(1);
    return maskedKernel(a, b);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr a = x.get(0);
    Expr b = x.get(1);
    return i == 0 ? maskedMul(xDot, b) : maskedMul(a, xDot);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr a = x.get(0);
    Expr b = x.get(1);
    return i == 0 ? maskedMul(yBar, b) : maskedMul(a, yBar);
  }

  /** Where one factor is 0, the other's cotangent is a structural zero. */
  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    Expr other = x.get(1 - i);
    return StrongZeros.or(zerosOfY, eq(other, zerosLike(other)));
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  private static Tensor maskedKernel(Tensor a, Tensor b) {
    return a.maskedTimes(b);
  }

  @Override
  public Syntax syntax() {
    return Syntax.infix("*", "·", 2, Associativity.ASSOCIATIVE, null).withLabel("×");
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).times(x.get(1)).hull(Interval.ZERO);
  }
}
