package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.AvgPool2d;
import dev.fluxion.autodiff.op.MaxPool2d;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;

/**
 * Max or average pooling over square windows (NCHW, no padding): {@code [C, H, W]} →
 * {@code [C, (H - K)/S + 1, (W - K)/S + 1]} per example.
 *
 * @param max true for max pooling, false for average pooling
 * @param window the window size {@code K >= 1}
 * @param stride the stride {@code S >= 1}
 */
public record Pool(boolean max, int window, int stride) implements Stateless<NoParams> {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if window or stride is below 1
   */
  public Pool {
    PoolGeometry.square(window, stride);
  }

  /** {@return the square window and stride as the kernels take them} */
  public PoolGeometry geometry() {
    return PoolGeometry.square(window, stride);
  }

  /**
   * {@return max pooling with window {@code k} and stride {@code k}}
   *
   * @param k the square window's side and the stride, {@code >= 1}
   */
  public static Pool max(int k) {
    return new Pool(true, k, k);
  }

  /**
   * {@return average pooling with window {@code k} and stride {@code k}}
   *
   * @param k the square window's side and the stride, {@code >= 1}
   */
  public static Pool avg(int k) {
    return new Pool(false, k, k);
  }

  @Override
  public NoParams init(Key key, Shape inputShape) {
    outputShape(inputShape);
    return NoParams.INSTANCE;
  }

  @Override
  public Shape outputShape(Shape s) {
    if (s.rank() != 3) {
      throw new IllegalArgumentException(describe() + ": input must be [C, H, W] per example, got shape " + s);
    }
    List<Shape> x = List.of(Shape.of(1, s.dim(0), s.dim(1), s.dim(2)));
    Shape y = max ? new MaxPool2d(geometry()).inferShape(x) : new AvgPool2d(geometry()).inferShape(x);
    return Shape.of(y.dim(1), y.dim(2), y.dim(3));
  }

  @Override
  public Expr forward(NoParams p, Expr x, Mode mode) {
    return max ? Fx.maxPool2d(x, geometry()) : Fx.avgPool2d(x, geometry());
  }

  @Override
  public String describe() {
    return (max ? "MaxPool(" : "AvgPool(") + window + ", stride " + stride + ")";
  }
}
