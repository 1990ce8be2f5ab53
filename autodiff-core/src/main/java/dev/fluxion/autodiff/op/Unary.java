package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An elementwise function {@code y = f(x)}: subclasses state the scalar kernel and the local
 * derivative {@code f'(x)} (given {@code x} and {@code y}); both AD rules follow from it.
 *
 * <p>Both rules multiply by the local derivative with {@link Fx#maskedMul}: a zero tangent or
 * cotangent is a strong zero, so an infinite or NaN local derivative in a branch that
 * {@code where} did not take never leaks into a gradient.
 */
public abstract class Unary implements Op {
  private final String name;

  /**
   * An elementwise op called {@code name}.
   *
   * @param name the name
   */
  protected Unary(String name) {
    this.name = name;
  }

  /**
   * {@return the scalar kernel}
   *
   * @param x the number
   */
  protected abstract double value(double x);

  /**
   * {@return the local derivative {@code f'(x)} as an expression, or null if it is zero everywhere}
   *
   * @param x the argument
   * @param y the primal output
   */
  protected abstract @Nullable Expr derivative(Expr x, Expr y);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int arity() {
    return 1;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return args.get(0);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).map(this::value);
  }

  @Override
  public final @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr d = derivative(x.get(0), y);
    return d == null ? null : Fx.maskedMul(xDot, d);
  }

  @Override
  public final @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr d = derivative(x.get(0), y);
    return d == null ? null : Fx.maskedMul(yBar, d);
  }

  @Override
  public String toString() {
    return name;
  }
}
