package dev.fluxion.autodiff.tensor.internal;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The instructions of {@link Pointwise}: each computes {@code len} elements of its value with a plain
 * loop over tiles at offset 0, the hot ones without a function call per element (the JIT vectorizes
 * them). Each loop applies
 * exactly the per-element formula of the tensor method it names.
 *
 * <p>Each has a float32 loop too, giving the float32 rounding of the float64 formula on the widened
 * operands (architecture decision 11): {@code +} and {@code -} in {@code float} are exactly that (a
 * float64 result of float32 operands rounds to the same float32 as the correctly rounded float32
 * operation, since 53 >= 2 * 24 + 2); {@code *} and {@code /} run in float64 and round once
 * ({@link Scalars#mul(float, float)}: the same bits, without the subnormal assist); max, select and
 * comparisons are exact in either precision; the functions without a loop of their own
 * ({@link Map1}, {@link Map2}) widen each element, apply the float64 function and round its result.
 */
final class Lanes {
  private Lanes() {}

  /**
   * An instruction: computes elements {@code 0 .. len-1} of value {@code out}'s tile from the tiles
   * {@code v}. Every operand is indexed by the same {@code i}, so the JIT can vectorize the loop even
   * when two values share a tile (an array written at another operand's offset is a possible
   * loop-carried dependence, and C2 then runs the loop one element at a time: 6x slower, measured).
   */
  sealed interface Lane extends Pointwise.Instr
      permits Map1, Map2, Where, Constant, Add, Sub, Mul, Div, MaskedMul, UnaryLanes.Relu, UnaryLanes.Step,
      UnaryLanes.Neg, UnaryLanes.Sqrt, UnaryLanes.Exp, UnaryLanes.Erf {
    void run(double[][] v, int out, int len);

    /** As {@link #run(double[][], int, int)} on float32 values, each result rounded to float32. */
    void run(float[][] v, int out, int len);

    /** {@return the values read} */
    int[] reads();
  }

  record Map1(DoubleUnaryOperator f, int x) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] a = v[x];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = f.applyAsDouble(a[i]);
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] a = v[x];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = (float) f.applyAsDouble(a[i]);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {x};
    }
  }

  record Map2(DoubleBinaryOperator f, int a, int b) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] x = v[a];
      double[] y = v[b];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = f.applyAsDouble(x[i], y[i]);
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] x = v[a];
      float[] y = v[b];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = (float) f.applyAsDouble(x[i], y[i]);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {a, b};
    }
  }

  /** {@code c != 0 ? a : b}, as {@code Elementwise.where}. */
  record Where(int c, int a, int b) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] cc = v[c];
      double[] x = v[a];
      double[] y = v[b];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = cc[i] != 0 ? x[i] : y[i];
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] cc = v[c];
      float[] x = v[a];
      float[] y = v[b];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = cc[i] != 0 ? x[i] : y[i];
      }
    }

    @Override
    public int[] reads() {
      return new int[] {c, a, b};
    }
  }

  record Constant(double c) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      Arrays.fill(v[out], 0, len, c);
    }

    @Override
    public void run(float[][] v, int out, int len) {
      Arrays.fill(v[out], 0, len, (float) c);
    }

    @Override
    public int[] reads() {
      return new int[0];
    }
  }

  record Add(int a, int b) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] x = v[a];
      double[] y = v[b];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = x[i] + y[i];
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] x = v[a];
      float[] y = v[b];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = x[i] + y[i];
      }
    }

    @Override
    public int[] reads() {
      return new int[] {a, b};
    }
  }

  record Sub(int a, int b) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] x = v[a];
      double[] y = v[b];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = x[i] - y[i];
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] x = v[a];
      float[] y = v[b];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = x[i] - y[i];
      }
    }

    @Override
    public int[] reads() {
      return new int[] {a, b};
    }
  }

  record Mul(int a, int b) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] x = v[a];
      double[] y = v[b];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = x[i] * y[i];
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] x = v[a];
      float[] y = v[b];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = Scalars.mul(x[i], y[i]);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {a, b};
    }
  }

  record Div(int a, int b) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] x = v[a];
      double[] y = v[b];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = x[i] / y[i];
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] x = v[a];
      float[] y = v[b];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        r[i] = Scalars.div(x[i], y[i]);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {a, b};
    }
  }

  /** {@code a == 0 || b == 0 ? 0 : a * b}, as {@code Elementwise.MASKED_MUL}. */
  record MaskedMul(int a, int b) implements Lane {
    @Override
    public void run(double[][] v, int out, int len) {
      double[] x = v[a];
      double[] y = v[b];
      double[] r = v[out];
      for (int i = 0; i < len; i++) {
        double p = x[i];
        double q = y[i];
        r[i] = p == 0 || q == 0 ? 0.0 : p * q;
      }
    }

    @Override
    public void run(float[][] v, int out, int len) {
      float[] x = v[a];
      float[] y = v[b];
      float[] r = v[out];
      for (int i = 0; i < len; i++) {
        float p = x[i];
        float q = y[i];
        r[i] = p == 0 || q == 0 ? 0f : Scalars.mul(p, q);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {a, b};
    }
  }
}
