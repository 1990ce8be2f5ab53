package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.internal.Lanes.Lane;

/**
 * The one-argument instructions of {@link Pointwise} with loops of their own (relu, step, negation,
 * square root, exponential, error function), each with its float64 and float32 loop, as the rest of {@link Lanes}.
 */
final class UnaryLanes {
  private UnaryLanes() {}

  /** {@code max(x, 0.0)}, as {@code FastLoops.relu}. */
  record Relu(int x) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = Math.max(a[i], 0.0);
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = Math.max(a[i], 0f);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {x};
    }
  }

  /** {@code Scalars.stepOf}, as {@code FastLoops.step}. */
  record Step(int x) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = Scalars.stepOf(a[i]);
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = Scalars.stepOf(a[i]);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {x};
    }
  }

  /** {@code -x}, as {@code Tensor.unaryMinus}. */
  record Neg(int x) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = -a[i];
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = -a[i];
      }
    }

    @Override
    public int[] reads() {
      return new int[] {x};
    }
  }

  /** {@code Math.sqrt(x)}, as {@code op.Sqrt}; in float32 the rounded float64 root (correctly rounded). */
  record Sqrt(int x) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = Math.sqrt(a[i]);
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = (float) Math.sqrt(a[i]);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {x};
    }
  }

  /** {@code e^x} by {@link Exponential}'s loops, as the {@code exp} op. */
  record Exp(int x) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      Exponential.exp(v[x], 0, 0.0, v[out], 0, len);
    }

    @Override
    public void run(float[][] v, int out, int len) {
      Exponential.exp(v[x], 0, 0.0, v[out], 0, len);
    }

    @Override
    public int[] reads() {
      return new int[] {x};
    }
  }

  /** {@code erf(x)} by {@link ErrorFunction}'s loops, as the {@code erf} op. */
  record Erf(int x) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      ErrorFunction.erf(v[x], 0, v[out], 0, len);
    }

    @Override
    public void run(float[][] v, int out, int len) {
      ErrorFunction.erf(v[x], 0, v[out], 0, len);
    }

    @Override
    public int[] reads() {
      return new int[] {x};
    }
  }
}
