package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.internal.Lanes.Lane;

/**
 * The one-argument instructions of {@link Pointwise} with loops of their own (relu, step, negation,
 * square root), each with its float64 and float32 loop, as the rest of {@link Lanes}.
 */
final class UnaryLanes {
  private UnaryLanes() {}

  /** {@code max(x, 0.0)}, as {@code FastLoops.relu}. */
  record Relu(int x) implements Lane {
    @Override
    public void run(double[][] v, int[] o, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      int ao = o[x];
      int ro = o[out];
      for (int i = 0; i < len; i++) {
        r[ro + i] = Math.max(a[ao + i], 0.0);
      }
    }

    @Override
    public void run(float[][] v, int[] o, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      int ao = o[x];
      int ro = o[out];
      for (int i = 0; i < len; i++) {
        r[ro + i] = Math.max(a[ao + i], 0f);
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
    public void run(double[][] v, int[] o, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      int ao = o[x];
      int ro = o[out];
      for (int i = 0; i < len; i++) {
        r[ro + i] = Scalars.stepOf(a[ao + i]);
      }
    }

    @Override
    public void run(float[][] v, int[] o, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      int ao = o[x];
      int ro = o[out];
      for (int i = 0; i < len; i++) {
        r[ro + i] = Scalars.stepOf(a[ao + i]);
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
    public void run(double[][] v, int[] o, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      int ao = o[x];
      int ro = o[out];
      for (int i = 0; i < len; i++) {
        r[ro + i] = -a[ao + i];
      }
    }

    @Override
    public void run(float[][] v, int[] o, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      int ao = o[x];
      int ro = o[out];
      for (int i = 0; i < len; i++) {
        r[ro + i] = -a[ao + i];
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
    public void run(double[][] v, int[] o, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      int ao = o[x];
      int ro = o[out];
      for (int i = 0; i < len; i++) {
        r[ro + i] = Math.sqrt(a[ao + i]);
      }
    }

    @Override
    public void run(float[][] v, int[] o, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      int ao = o[x];
      int ro = o[out];
      for (int i = 0; i < len; i++) {
        r[ro + i] = (float) Math.sqrt(a[ao + i]);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {x};
    }
  }
}
