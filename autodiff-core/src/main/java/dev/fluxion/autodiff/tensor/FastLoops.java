package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.internal.Exponential;
import dev.fluxion.autodiff.tensor.internal.Scalars;
import java.util.function.DoubleBinaryOperator;

/**
 * Plain loops for the hot elementwise operations, so that the common cases do not go through a
 * megamorphic {@link DoubleBinaryOperator} call per element. Each loop computes exactly what the
 * operator would, element by element, so results are bit-identical.
 */
final class FastLoops {
  private FastLoops() {}

  /** Writes {@code f(x[i], y[i])} to {@code r} if {@code f} is a known operator; returns whether it did. */
  static boolean zip(DoubleBinaryOperator f, double[] x, double[] y, double[] r) {
    if (f == Elementwise.ADD) {
      for (int i = 0; i < r.length; i++) {
        r[i] = x[i] + y[i];
      }
    } else if (f == Elementwise.SUB) {
      for (int i = 0; i < r.length; i++) {
        r[i] = x[i] - y[i];
      }
    } else if (f == Elementwise.MUL) {
      for (int i = 0; i < r.length; i++) {
        r[i] = x[i] * y[i];
      }
    } else if (f == Elementwise.DIV) {
      for (int i = 0; i < r.length; i++) {
        r[i] = x[i] / y[i];
      }
    } else if (f == Elementwise.MASKED_MUL) {
      for (int i = 0; i < r.length; i++) {
        double u = x[i];
        double v = y[i];
        r[i] = u == 0 || v == 0 ? 0.0 : u * v;
      }
    } else {
      return false;
    }
    return true;
  }

  /** Writes {@code f(x[i], c)} to {@code r} if {@code f} is a known operator; returns whether it did. */
  static boolean zipScalar(DoubleBinaryOperator f, double[] x, double c, double[] r) {
    if (f == Elementwise.ADD) {
      for (int i = 0; i < r.length; i++) {
        r[i] = x[i] + c;
      }
    } else if (f == Elementwise.MUL) {
      for (int i = 0; i < r.length; i++) {
        r[i] = x[i] * c;
      }
    } else {
      return false;
    }
    return true;
  }

  /**
   * Writes {@code f(x[off + i], y[yOff + i])} to {@code r[off + i]} for {@code i < len} if {@code f} is
   * {@code +} or {@code *}; returns whether it did.
   */
  static boolean zipRange(DoubleBinaryOperator f, double[] x, int off, double[] y, int yOff, double[] r, int len) {
    if (f == Elementwise.ADD) {
      for (int i = 0; i < len; i++) {
        r[off + i] = x[off + i] + y[yOff + i];
      }
    } else if (f == Elementwise.MUL) {
      for (int i = 0; i < len; i++) {
        r[off + i] = x[off + i] * y[yOff + i];
      }
    } else {
      return false;
    }
    return true;
  }

  /** Writes {@code f(x[off + i], c)} to {@code r[off + i]} for {@code i < len} if {@code f} is {@code +} or {@code *}. */
  static boolean zipScalarRange(DoubleBinaryOperator f, double[] x, int off, double c, double[] r, int len) {
    if (f == Elementwise.ADD) {
      for (int i = off; i < off + len; i++) {
        r[i] = x[i] + c;
      }
    } else if (f == Elementwise.MUL) {
      for (int i = off; i < off + len; i++) {
        r[i] = x[i] * c;
      }
    } else {
      return false;
    }
    return true;
  }

  /** {@return {@code x * c} elementwise} */
  static Tensor scale(Tensor t, double c) {
    double[] x = t.raw();
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] * c;
    }
    return Tensor.wrap(t.shape(), r);
  }

  /**
   * {@return {@code max(x, 0)} elementwise, NaN for NaN}: computed as {@code Math.max(x, 0.0)},
   * which the JIT vectorizes, maps {@code -0.0} to {@code 0.0} and keeps NaN (NaN in, NaN out).
   */
  /** {@return {@code e^x} elementwise in the tensor's dtype, by {@link Exponential}'s loops (the {@code exp} op's bits)} */
  static Tensor exp(Tensor t) {
    if (t.dtype() == DType.FLOAT32) {
      float[] x = t.rawFloats();
      float[] r = new float[x.length];
      Exponential.exp(x, 0, 0.0, r, 0, r.length);
      return Tensor.wrap(t.shape(), r);
    }
    double[] x = t.raw();
    double[] r = new double[x.length];
    Exponential.exp(x, 0, 0.0, r, 0, r.length);
    return Tensor.wrap(t.shape(), r);
  }

  static Tensor relu(Tensor t) {
    double[] x = t.raw();
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Scalars.relu(x[i]);
    }
    return Tensor.wrap(t.shape(), r);
  }

  /** {@return {@code x > 0 ? 1 : 0} elementwise, NaN for NaN}, computed as {@link Scalars#stepOf} */
  static Tensor step(Tensor t) {
    double[] x = t.raw();
    double[] r = new double[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Scalars.stepOf(x[i]);
    }
    return Tensor.wrap(t.shape(), r);
  }
}
