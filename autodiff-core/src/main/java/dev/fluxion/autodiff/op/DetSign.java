package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Lu;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sign of {@code det A} of a square {@code A [n, n]}: {@code 1}, {@code −1}, or {@code 0} if
 * {@code A} is singular (the first half of NumPy's {@code slogdet}); piecewise constant, so its
 * derivatives are zero. A stack {@code [..., n, n]} gives one sign per matrix, shape {@code [...]}.
 */
public final class DetSign implements Op {
  /** The op. */
  public static final DetSign OP = new DetSign();

  private DetSign() {}

  @Override
  public String name() {
    return "detSign";
  }

  @Override
  public int arity() {
    return 1;
  }

  /** The op takes leading batch dimensions itself: every argument with the batch axis. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return LogAbsDet.shape(name(), args.get(0));
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return LogAbsDet.perMatrix(args.get(0), Lu::detSign);
  }

  /** {@return null: the sign is locally constant} */
  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return null;
  }

  /** {@return null: the sign is locally constant} */
  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return null;
  }
}
