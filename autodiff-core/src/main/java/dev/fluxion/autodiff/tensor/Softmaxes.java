package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.internal.Exponential;
import dev.fluxion.autodiff.tensor.internal.Parallel;
import org.jspecify.annotations.Nullable;

/**
 * Log-sum-exp, softmax and log-softmax along one axis, one pass per row (the elements along the axis)
 * in either dtype: {@code m = max} ({@code Math.max}; 0 where it is not finite), {@code s = Σ e^(x - m)}
 * ({@link Exponential#sumExp}: eight running sums in a fixed order), then {@code lse = log s + m},
 * {@code e^(x - m) / s} or {@code (x - m) - log s} (as PyTorch: no rounding of the large {@code lse}
 * enters an element), all in double, each result rounded once to the tensor's dtype.
 * Rows are independent, so they run in chunks on the pool with the same bits on any thread count.
 */
final class Softmaxes {
  /** About the multiply-adds of one element of a row (its exponentials and their sum). */
  private static final long WORK_PER_ELEMENT = 40;

  private enum Out { LOG_SUM_EXP, SOFTMAX, LOG_SOFTMAX }

  private Softmaxes() {}

  static Tensor logSumExp(Tensor t, int axis, boolean keepDims) {
    int a = t.shape().normalizeAxis(axis);
    Shape kept = t.shape().reduce(new int[] {a}, true);
    return run(t, a, Out.LOG_SUM_EXP, keepDims ? kept : t.shape().reduce(new int[] {a}, false));
  }

  static Tensor softmax(Tensor t, int axis) {
    return run(t, t.shape().normalizeAxis(axis), Out.SOFTMAX, t.shape());
  }

  static Tensor logSoftmax(Tensor t, int axis) {
    return run(t, t.shape().normalizeAxis(axis), Out.LOG_SOFTMAX, t.shape());
  }

  private static Tensor run(Tensor t, int axis, Out what, Shape out) {
    Shape in = t.shape();
    int n = in.dim(axis);
    int inner = in.strides()[axis];
    int rows = n == 0 ? in.size() : in.size() / n;
    if (n == 0 && out.size() > 0) {
      throw new IllegalArgumentException("logSumExp: reduction of an empty axis of shape " + in);
    }
    boolean f32 = t.dtype() == DType.FLOAT32;
    float[] xf = f32 ? t.rawFloats() : null;
    double[] xd = f32 ? null : t.raw();
    float[] rf = f32 ? new float[out.size()] : null;
    double[] rd = f32 ? null : new double[out.size()];
    int chunks = Parallel.chunks((long) in.size() * WORK_PER_ELEMENT, Parallel.PARALLEL_WORK, rows);
    Parallel.forEach(chunks, c -> {
      int from = Parallel.start(rows, chunks, c);
      int to = Parallel.start(rows, chunks, c + 1);
      double[] row = inner == 1 ? null : new double[n];
      double[] y = inner == 1 ? null : new double[n];
      double[] e = what == Out.SOFTMAX ? new double[n] : null;
      for (int r = from; r < to; r++) {
        int base = (r / inner) * n * inner + r % inner;
        double lse;
        if (inner == 1) {
          lse = f32 ? row(xf, base, n, what, rf, base, e) : row(xd, base, n, what, rd, base, e);
        } else {
          for (int i = 0; i < n; i++) {
            row[i] = f32 ? xf[base + i * inner] : xd[base + i * inner];
          }
          lse = row(row, 0, n, what, y, 0, e);
          for (int i = 0; what != Out.LOG_SUM_EXP && i < n; i++) {
            store(rf, rd, base + i * inner, y[i]);
          }
        }
        if (what == Out.LOG_SUM_EXP) {
          store(rf, rd, r, lse);
        }
      }
    });
    return f32 ? Tensor.wrap(out, rf) : Tensor.wrap(out, rd);
  }

  private static void store(float[] rf, double[] rd, int at, double v) {
    if (rf != null) {
      rf[at] = (float) v;
    } else {
      rd[at] = v;
    }
  }

  /**
   * {@return the log-sum-exp of row {@code x[base, base + n)}}; for a softmax or log-softmax, also writes
   * the row's results to {@code r[at, at + n)}, a softmax's from its exponentials kept in {@code e} (length
   * {@code n}, null otherwise)
   */
  private static double row(float[] x, int base, int n, Out what, float[] r, int at, double @Nullable [] e) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = base; i < base + n; i++) {
      max = Math.max(max, x[i]);
    }
    double m = Float.isFinite(max) ? max : 0.0;
    double s = Exponential.sumExp(x, base, m, n, e);
    double logS = Math.log(s);
    if (e != null) {
      for (int i = 0; i < n; i++) {
        r[at + i] = (float) (e[i] / s);
      }
    } else if (what == Out.LOG_SOFTMAX) {
      for (int i = 0; i < n; i++) {
        r[at + i] = (float) ((x[base + i] - m) - logS);
      }
    }
    return logS + m;
  }

  /** As {@link #row(float[], int, int, Out, float[], int, double[])}, for doubles. */
  private static double row(double[] x, int base, int n, Out what, double[] r, int at, double @Nullable [] e) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = base; i < base + n; i++) {
      max = Math.max(max, x[i]);
    }
    double m = Double.isFinite(max) ? max : 0.0;
    double s = Exponential.sumExp(x, base, m, n, e);
    double logS = Math.log(s);
    if (e != null) {
      for (int i = 0; i < n; i++) {
        r[at + i] = e[i] / s;
      }
    } else if (what == Out.LOG_SOFTMAX) {
      for (int i = 0; i < n; i++) {
        r[at + i] = (x[base + i] - m) - logS;
      }
    }
    return logS + m;
  }
}
