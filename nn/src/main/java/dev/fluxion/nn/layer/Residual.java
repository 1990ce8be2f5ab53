package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * A residual connection {@code y = x + f(x)}; {@code f} must preserve the shape. Parameters
 * and state are {@code f}'s.
 *
 * @param f the residual branch
 * @param <P> the branch's parameters
 * @param <S> the branch's state
 */
public record Residual<P, S>(Layer<P, S> f) implements Layer<P, S> {
  /** Validates. */
  public Residual {
    Checks.notNull(f, "f");
  }

  @Override
  public P init(Key key, Shape inputShape) {
    outputShape(inputShape);
    return f.init(key, inputShape);
  }

  @Override
  public S initState(Shape inputShape) {
    return f.initState(inputShape);
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    Shape out = f.outputShape(inputShape);
    if (!out.equals(inputShape)) {
      throw new IllegalArgumentException("Residual: the branch maps " + inputShape + " to " + out
          + "; it must preserve the shape");
    }
    return out;
  }

  @Override
  public Output<S> apply(P params, S state, Expr x, Mode mode) {
    Output<S> out = f.apply(params, state, x, mode);
    return new Output<>(x.plus(out.y()), out.state());
  }

  @Override
  public String describe() {
    return "Residual(" + f.describe() + ")";
  }
}
