package dev.fluxion.autodiff.tensor;

/**
 * Chains of elementwise operations computed in one pass, for compiled plans and optimizer updates:
 * each method returns exactly the numbers its formula gives when evaluated operation by operation
 * (Java never fuses a multiply and an add), without the intermediate tensors or a function call per
 * element.
 */
public final class Fused {
  private Fused() {}

  /**
   * {@return {@code maskedMul(a, step(x))}: {@code a == 0 || step(x) == 0 ? 0 : a * step(x)}, the adjoint
   * of {@code relu} at {@code x} for the cotangent {@code a} (NaN for a NaN {@code x} and nonzero
   * {@code a}); computed without a data-dependent branch as {@code (a + 0.0) * step(x) + 0.0}, the same
   * bits for finite {@code a} (the additions only turn {@code -0.0} into {@code 0.0}), with non-finite
   * products fixed in a second loop}
   *
   * @param a the cotangent
   * @param x the point, of {@code a}'s shape
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor maskedMulStep(Tensor a, Tensor x) {
    Checks.notNull(a, "a");
    Checks.notNull(x, "x");
    if (!a.shape().equals(x.shape())) {
      throw new IllegalArgumentException("maskedMulStep: shapes " + a.shape() + " and " + x.shape() + " differ");
    }
    double[] u = a.raw();
    double[] v = x.raw();
    double[] r = new double[u.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (u[i] + 0.0) * FastLoops.stepOf(v[i]) + 0.0;
    }
    for (int i = 0; i < r.length; i++) {
      if (r[i] != r[i]) {
        r[i] = maskedStep(u[i], v[i]);
      }
    }
    return Tensor.wrap(a.shape(), r);
  }

  /** {@return {@code maskedMul(g, step(z))} of one element} */
  static double maskedStep(double g, double z) {
    double s = FastLoops.stepOf(z);
    return g == 0 || s == 0 ? 0.0 : g * s;
  }

  /**
   * {@return {@code maskedMul(maxPool2dBackward(x, yBar, window, stride), step(z))}: the adjoint of
   * {@code maxPool2d(relu(z))}-style chains without the scattered intermediate}
   *
   * @param x the max-pooling input {@code [N, C, H, W]}
   * @param yBar the pooling output cotangent {@code [N, C, OH, OW]}
   * @param z the point of the step mask, of {@code x}'s shape
   * @param window {@code {kh, kw}} as in the forward call
   * @param stride {@code {sh, sw}} as in the forward call
   * @throws IllegalArgumentException if the shapes or arguments are invalid
   */
  public static Tensor maxPool2dBackwardMaskedStep(Tensor x, Tensor yBar, Tensor z, int[] window, int[] stride) {
    Checks.notNull(x, "x");
    Checks.notNull(yBar, "yBar");
    Checks.notNull(z, "z");
    Shape y = ConvShapes.pool2d("maxPool2dBackwardMaskedStep", x.shape(), window, stride);
    ConvShapes.requireShape("maxPool2dBackwardMaskedStep", "cotangent", yBar.shape(), y);
    if (!z.shape().equals(x.shape())) {
      throw new IllegalArgumentException("maxPool2dBackwardMaskedStep: shapes " + x.shape() + " and " + z.shape()
          + " differ");
    }
    return PoolKernels.maxScatterMaskedStep(x, yBar, z, window, stride);
  }

  /**
   * {@return {@code conv2d(x, w) + broadcast(bias)}: the convolution with {@code bias[o]} added to
   * every element of output channel {@code o}, image by image while its block is in cache}
   *
   * @param x the input {@code [N, C, H, W]}
   * @param w the weight {@code [O, C, KH, KW]}
   * @param bias {@code O} values, of shape {@code [O]} or {@code [O, 1, 1]}
   * @param stride {@code {sh, sw}}, each {@code >= 1}
   * @param padding {@code {ph, pw}}, each {@code >= 0}
   * @throws IllegalArgumentException if the shapes or arguments are invalid
   */
  public static Tensor conv2dBias(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding) {
    Checks.notNull(x, "x");
    Checks.notNull(w, "w");
    Checks.notNull(bias, "bias");
    ConvShapes.conv2d(x.shape(), w.shape(), stride, padding);
    int o = w.shape().dim(0);
    if (!bias.shape().equals(Shape.of(o)) && !bias.shape().equals(Shape.of(o, 1, 1))) {
      throw new IllegalArgumentException("conv2dBias: bias of shape " + bias.shape() + " for " + o
          + " output channels; expected [" + o + "] or [" + o + ", 1, 1]");
    }
    return ConvKernels.forward(x, w, bias.raw(), stride, padding);
  }

  /**
   * {@return {@code a * x + b * y} elementwise}
   *
   * @param a the factor of {@code x}
   * @param x a tensor
   * @param b the factor of {@code y}
   * @param y a tensor of {@code x}'s shape
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor linear(double a, Tensor x, double b, Tensor y) {
    double[] u = same("linear", x, y);
    double[] v = y.raw();
    double[] r = new double[u.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = a * u[i] + b * v[i];
    }
    return Tensor.wrap(x.shape(), r);
  }

  /**
   * {@return {@code x * a + y} elementwise}
   *
   * @param x a tensor
   * @param a the factor of {@code x}
   * @param y a tensor of {@code x}'s shape
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor scaledPlus(Tensor x, double a, Tensor y) {
    double[] u = same("scaledPlus", x, y);
    double[] v = y.raw();
    double[] r = new double[u.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = u[i] * a + v[i];
    }
    return Tensor.wrap(x.shape(), r);
  }

  /**
   * {@return {@code a * x + b * y * y} elementwise (an exponential average of squares)}
   *
   * @param a the factor of {@code x}
   * @param x a tensor
   * @param b the factor of {@code y * y}
   * @param y a tensor of {@code x}'s shape
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor linearSquare(double a, Tensor x, double b, Tensor y) {
    double[] u = same("linearSquare", x, y);
    double[] v = y.raw();
    double[] r = new double[u.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = a * u[i] + b * v[i] * v[i];
    }
    return Tensor.wrap(x.shape(), r);
  }

  /**
   * {@return Adam's direction {@code (m / c1) / (sqrt(v / c2) + eps)} elementwise}
   *
   * @param m the first moment
   * @param v the second moment, of {@code m}'s shape
   * @param c1 the first moment's bias correction
   * @param c2 the second moment's bias correction
   * @param eps the denominator's offset
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Tensor adamDirection(Tensor m, Tensor v, double c1, double c2, double eps) {
    double[] u = same("adamDirection", m, v);
    double[] w = v.raw();
    double[] r = new double[u.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (u[i] / c1) / (Math.sqrt(w[i] / c2) + eps);
    }
    return Tensor.wrap(m.shape(), r);
  }

  /**
   * SGD's new momentum trace and parameters, computed together by {@link #momentumStep}.
   *
   * @param trace {@code b * mu + g}
   * @param params {@code p + trace * scale}
   */
  public record MomentumStep(Tensor trace, Tensor params) {}

  /**
   * {@return {@code t = scaledPlus(b, mu, g)} and {@code p + t * scale}, in one pass over the
   * elements: the same bits as the three operations}
   *
   * @param p the parameters
   * @param b the momentum trace, of {@code p}'s shape
   * @param mu the trace's decay
   * @param g the gradient, of {@code p}'s shape
   * @param scale the factor of the trace (SGD: {@code -lr})
   * @throws IllegalArgumentException if the shapes differ
   */
  public static MomentumStep momentumStep(Tensor p, Tensor b, double mu, Tensor g, double scale) {
    double[] ps = same("momentumStep", p, b);
    same("momentumStep", p, g);
    double[] bs = b.raw();
    double[] gs = g.raw();
    double[] t = new double[ps.length];
    double[] q = new double[ps.length];
    for (int i = 0; i < t.length; i++) {
      double ti = bs[i] * mu + gs[i];
      t[i] = ti;
      q[i] = ps[i] + ti * scale;
    }
    return new MomentumStep(Tensor.wrap(p.shape(), t), Tensor.wrap(p.shape(), q));
  }

  /**
   * Adam's new moments and parameters, computed together by {@link #adamStep}.
   *
   * @param mu the first moment
   * @param nu the second moment
   * @param params the parameters after the step
   */
  public record AdamParams(Tensor mu, Tensor nu, Tensor params) {}

  /**
   * {@return {@link #adam}'s moments and {@code p + direction * scale}, in one pass over the
   * elements: the same bits as {@link #adam} followed by the scaling and the addition}
   *
   * @param p the parameters
   * @param g the gradient, of {@code p}'s shape
   * @param m the first moment, of {@code p}'s shape
   * @param v the second moment, of {@code p}'s shape
   * @param b1 the first moment's decay
   * @param b2 the second moment's decay
   * @param c1 the first moment's bias correction {@code 1 - b1^t}
   * @param c2 the second moment's bias correction {@code 1 - b2^t}
   * @param eps the denominator offset
   * @param scale the factor of the direction (Adam: {@code -lr})
   * @throws IllegalArgumentException if the shapes differ
   */
  public static AdamParams adamStep(Tensor p, Tensor g, Tensor m, Tensor v, double b1, double b2, double c1,
      double c2, double eps, double scale) {
    double[] ps = same("adamStep", p, g);
    same("adamStep", p, m);
    same("adamStep", p, v);
    double[] mu = new double[ps.length];
    double[] nu = new double[ps.length];
    double[] q = new double[ps.length];
    adamLoop(g.raw(), m.raw(), v.raw(), b1, b2, c1, c2, eps, ps, scale, mu, nu, q);
    Shape s = p.shape();
    return new AdamParams(Tensor.wrap(s, mu), Tensor.wrap(s, nu), Tensor.wrap(s, q));
  }

  /**
   * Adam's new moments and direction, computed together by {@link #adam}.
   *
   * @param mu the first moment {@code b1 m + (1-b1) g}
   * @param nu the second moment {@code b2 v + (1-b2) g^2}
   * @param direction {@code (mu / c1) / (sqrt(nu / c2) + eps)}
   */
  public record AdamStep(Tensor mu, Tensor nu, Tensor direction) {}

  /**
   * {@return {@link #linear linear(b1, m, 1-b1, g)}, {@link #linearSquare linearSquare(b2, v, 1-b2,
   * g)} and {@link #adamDirection} of those, in one pass over the elements: the same bits as the
   * three calls}
   *
   * @param g the gradient
   * @param m the first moment, of {@code g}'s shape
   * @param v the second moment, of {@code g}'s shape
   * @param b1 the first moment's decay
   * @param b2 the second moment's decay
   * @param c1 the first moment's bias correction {@code 1 - b1^t}
   * @param c2 the second moment's bias correction {@code 1 - b2^t}
   * @param eps the denominator offset
   * @throws IllegalArgumentException if the shapes differ
   */
  public static AdamStep adam(Tensor g, Tensor m, Tensor v, double b1, double b2, double c1, double c2,
      double eps) {
    double[] gs = same("adam", g, m);
    same("adam", g, v);
    double[] mu = new double[gs.length];
    double[] nu = new double[gs.length];
    double[] d = new double[gs.length];
    adamLoop(gs, m.raw(), v.raw(), b1, b2, c1, c2, eps, null, 0, mu, nu, d);
    Shape s = g.shape();
    return new AdamStep(Tensor.wrap(s, mu), Tensor.wrap(s, nu), Tensor.wrap(s, d));
  }

  /**
   * Adam's moments into {@code mu}, {@code nu} and, per element, the direction
   * {@code d = (mu / c1) / (sqrt(nu / c2) + eps)} into {@code out}: {@code d} itself when
   * {@code ps} is null, else {@code ps + d * scale}.
   */
  private static void adamLoop(double[] gs, double[] ms, double[] vs, double b1, double b2, double c1, double c2,
      double eps, double[] ps, double scale, double[] mu, double[] nu, double[] out) {
    double a1 = 1 - b1;
    double a2 = 1 - b2;
    for (int i = 0; i < out.length; i++) {
      double gi = gs[i];
      double mi = b1 * ms[i] + a1 * gi;
      double vi = b2 * vs[i] + a2 * gi * gi;
      mu[i] = mi;
      nu[i] = vi;
      double d = (mi / c1) / (Math.sqrt(vi / c2) + eps);
      out[i] = ps == null ? d : ps[i] + d * scale;
    }
  }

  private static double[] same(String op, Tensor x, Tensor y) {
    Checks.notNull(x, "x");
    Checks.notNull(y, "y");
    if (!x.shape().equals(y.shape())) {
      throw new IllegalArgumentException(op + ": shapes " + x.shape() + " and " + y.shape() + " differ");
    }
    return x.raw();
  }
}
