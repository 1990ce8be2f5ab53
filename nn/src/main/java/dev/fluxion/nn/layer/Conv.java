package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Conv2d;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.init.Initializer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A 2-D convolution layer (NCHW): {@code x [N, C, H, W]} → {@code [N, O, OH, OW]} with weight
 * {@code [O, C, K, K]} and bias {@code [O]}; by default initialized like PyTorch's
 * {@code nn.Conv2d} (uniform in {@code ±1/√(C K²)}); with a weight initializer, the kernels are
 * drawn from it and the bias starts at zero.
 *
 * @param outChannels {@code O >= 1}
 * @param kernel the square kernel size {@code K >= 1}
 * @param stride {@code >= 1}
 * @param padding zeros on each side, {@code >= 0}
 * @param weights the kernel initializer, or null for PyTorch's default
 */
public record Conv(int outChannels, int kernel, int stride, int padding, @Nullable Initializer weights)
    implements Stateless<Conv.Params> {
  /**
   * The parameters.
   *
   * @param w the kernels {@code [O, C, K, K]}
   * @param b the bias {@code [O]}
   */
  public record Params(Expr w, Expr b) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a size is out of range
   */
  public Conv {
    if (outChannels < 1 || kernel < 1) {
      throw new IllegalArgumentException("Conv: outChannels and kernel must be >= 1, got " + outChannels + " and " + kernel);
    }
    ConvGeometry.square(stride, padding);
  }

  /** {@return the stride and padding, the same along both spatial axes, as the kernels take them} */
  public ConvGeometry geometry() {
    return ConvGeometry.square(stride, padding);
  }

  /**
   * A convolution with PyTorch's default initialization.
   *
   * @param outChannels {@code O >= 1}
   * @param kernel the square kernel's side {@code K >= 1}
   * @param stride {@code >= 1}
   * @param padding zeros on each side, {@code >= 0}
   */
  public Conv(int outChannels, int kernel, int stride, int padding) {
    this(outChannels, kernel, stride, padding, null);
  }

  /**
   * {@return this layer with kernels drawn from {@code init} and zero bias}
   *
   * @param init draws the kernels {@code [O, C, K, K]}
   */
  public Conv withWeights(Initializer init) {
    return new Conv(outChannels, kernel, stride, padding, dev.fluxion.autodiff.tensor.Checks.notNull(init, "init"));
  }

  /**
   * {@return A convolution with stride 1 and "same" padding {@code (K - 1) / 2}}
   *
   * @param outChannels {@code O >= 1}
   * @param kernel the square kernel's side {@code K >= 1}
   */
  public static Conv same(int outChannels, int kernel) {
    return new Conv(outChannels, kernel, 1, (kernel - 1) / 2);
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    int c = channels(inputShape);
    Key[] k = key.split(2);
    if (weights != null) {
      return new Params(constant(weights.init(k[0], Shape.of(outChannels, c, kernel, kernel))),
          constant(Tensor.zeros(outChannels)));
    }
    double bound = 1 / Math.sqrt(c * kernel * kernel);
    return new Params(constant(Tensor.uniform(k[0], Shape.of(outChannels, c, kernel, kernel), -bound, bound)),
        constant(Tensor.uniform(k[1], Shape.of(outChannels), -bound, bound)));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    channels(inputShape);
    Shape batched = Shape.of(1, inputShape.dim(0), inputShape.dim(1), inputShape.dim(2));
    Shape w = Shape.of(outChannels, inputShape.dim(0), kernel, kernel);
    Shape y = new Conv2d(geometry()).inferShape(List.of(batched, w));
    return Shape.of(y.dim(1), y.dim(2), y.dim(3));
  }

  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    return conv2d(x, p.w(), geometry()).plus(reshape(p.b(), outChannels, 1, 1));
  }

  @Override
  public String describe() {
    return "Conv(" + outChannels + ", " + kernel + "x" + kernel + ", stride " + stride + ", pad " + padding + ")";
  }

  private static int channels(Shape s) {
    if (s.rank() != 3) {
      throw new IllegalArgumentException("Conv: input must be [C, H, W] per example, got shape " + s);
    }
    return s.dim(0);
  }
}
