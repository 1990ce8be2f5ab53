package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.neg;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Negation {@code y = -x}; linear: {@code xDot -> -xDot}, {@code yBar -> -yBar}. */
public final class Neg implements Op {
  /** The op. */
  public static final Neg OP = new Neg();

  private Neg() {}

  @Override
  public String name() {
    return "neg";
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

  /**
   * {@return {@code -x}: exactly the number {@link #apply} computes for an element {@code x}}
   *
   * @param x any number
   */
  public double scalar(double x) {
    return -x;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).unaryMinus();
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return neg(xDot);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return neg(yBar);
  }

  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    return zerosOfY;
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public Syntax syntax() {
    return Syntax.prefix("-", "−", 3, Fx::neg);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0).negate();
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("neg", TestDomain.REAL, Fx::neg));
  }
}
