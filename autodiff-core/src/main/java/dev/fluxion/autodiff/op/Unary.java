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
 * <p>Both rules multiply by the local derivative with IEEE arithmetic ({@code 0 · ∞ = NaN}), as
 * JAX and PyTorch do, so a derivative floating point cannot represent comes out non-finite. Masks
 * (relu, abs, step, sign, leaky relu: {@link #isMask}) multiply with the strong-zero
 * {@link Fx#maskedMul}, so the branch they cut off never leaks an infinite or NaN tangent; the
 * reverse sweep keeps their structural zeros exact.
 */
public abstract class Unary implements Op {
  private final String name;

  /**
   * An elementwise op called {@code name}.
   *
   * @param name the op's name as printed and parsed, e.g. {@code "sin"}
   */
  protected Unary(String name) {
    this.name = name;
  }

  /**
   * {@return the scalar kernel}
   *
   * @param x one element of the argument, any double
   */
  protected abstract double value(double x);

  /**
   * {@return the local derivative {@code f'(x)} as an expression, or null if it is zero everywhere}
   *
   * @param x the argument, any shape
   * @param y the primal output
   */
  protected abstract @Nullable Expr derivative(Expr x, Expr y);

  /**
   * {@return {@code f(x)}: exactly the number {@link #apply} computes for an element {@code x}, so
   * compiled plans can fuse a chain of elementwise ops into one loop without changing a bit}
   *
   * @param x any number, NaN and infinities included
   */
  public final double scalar(double x) {
    return value(x);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int arity() {
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
  public Tensor apply(List<Tensor> args) {
    return args.get(0).map(this::value);
  }

  /** {@return whether this op is a mask: piecewise, with a derivative that is 0 where it cuts the input off} */
  protected boolean isMask() {
    return false;
  }

  /**
   * {@return where the mask cuts the input off (1, else 0), or null if nowhere}
   *
   * @param x the argument, any shape
   */
  protected @Nullable Expr cutOff(Expr x) {
    return null;
  }

  @Override
  public final @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    Expr d = derivative(x.get(0), y);
    return d == null ? null : isMask() ? Fx.maskedMul(xDot, d) : Fx.mul(xDot, d);
  }

  @Override
  public final @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    Expr d = derivative(x.get(0), y);
    return d == null ? null : isMask() ? Fx.maskedMul(yBar, d) : Fx.mul(yBar, d);
  }

  @Override
  public final @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    return StrongZeros.or(zerosOfY, cutOff(x.get(0)));
  }

  @Override
  public final boolean keepsZeros(int i) {
    return isMask();
  }

  /** A mask's kink is at 0. */
  @Override
  public int kinkAt(List<Expr> x, List<Tensor> values) {
    return isMask() ? Kinks.firstZero(values.get(0)) : -1;
  }

  @Override
  public String toString() {
    return name;
  }
}
