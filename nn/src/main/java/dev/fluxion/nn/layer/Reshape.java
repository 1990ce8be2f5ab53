package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * Each example reshaped to {@code target} (same size); {@link #flatten()} makes vectors.
 *
 * @param target the per-example output shape, or null to flatten
 */
public record Reshape(@org.jspecify.annotations.Nullable Shape target) implements Stateless<NoParams> {
  /** {@return a layer that flattens each example to a vector} */
  public static Reshape flatten() {
    return new Reshape(null);
  }

  /**
   * {@return a layer that reshapes each example to {@code dims}}
   *
   * @param dims the shape of one example without the batch axis, same size as the input's
   */
  public static Reshape to(int... dims) {
    return new Reshape(Shape.of(Checks.notNull(dims, "dims")));
  }

  @Override
  public NoParams init(Key key, Shape inputShape) {
    outputShape(inputShape);
    return NoParams.INSTANCE;
  }

  @Override
  public Shape outputShape(Shape s) {
    Checks.notNull(s, "inputShape");
    if (target == null) {
      return Shape.of(s.size());
    }
    if (target.size() != s.size()) {
      throw new IllegalArgumentException("Reshape: cannot reshape examples of shape " + s + " to " + target);
    }
    return target;
  }

  @Override
  public Expr forward(NoParams p, Expr x, Mode mode) {
    int n = x.shape().dim(0);
    Shape per = Shape.of(java.util.Arrays.copyOfRange(x.shape().toArray(), 1, x.shape().rank()));
    Shape out = outputShape(per);
    int[] d = new int[out.rank() + 1];
    d[0] = n;
    System.arraycopy(out.toArray(), 0, d, 1, out.rank());
    return Fx.reshape(x, Shape.of(d));
  }

  @Override
  public String describe() {
    return target == null ? "Flatten" : "Reshape(" + target + ")";
  }
}
