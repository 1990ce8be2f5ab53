package dev.fluxion.autodiff.tensor;

/** Reductions over axes: sum, max, min, argmax (log-sum-exp: {@link Softmaxes}). */
final class Reductions {
  enum Kind { SUM, MAX, MIN }

  private Reductions() {}

  static int[] allAxes(int rank) {
    int[] a = new int[rank];
    for (int i = 0; i < rank; i++) {
      a[i] = i;
    }
    return a;
  }

  static Tensor reduce(Tensor t, int[] axes, boolean keepDims, Kind kind) {
    Shape in = t.shape();
    Shape kept = in.reduce(axes, true);
    Shape out = in.reduce(axes, keepDims);
    double[] r = new double[kept.size()];
    if (kind != Kind.SUM) {
      if (t.size() == 0 && r.length > 0) {
        throw new IllegalArgumentException(kind.name().toLowerCase() + ": reduction of an empty axis of shape " + in);
      }
      java.util.Arrays.fill(r, kind == Kind.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    Blocks b = Blocks.of(kept, in);
    double[] x = t.raw();
    int inner = b.inner();
    int[] outer = b.outer();
    for (int o = 0; o < outer.length; o++) {
      int base = o * inner;
      int j = outer[o];
      if (b.repeat() && kind == Kind.SUM) {
        r[j] += blockSum(x, base, inner);
      } else if (b.repeat()) {
        double s = r[j];
        for (int q = base; q < base + inner; q++) {
          s = combine(kind, s, x[q]);
        }
        r[j] = s;
      } else if (kind == Kind.SUM) {
        for (int q = 0; q < inner; q++) {
          r[j + q] += x[base + q];
        }
      } else {
        for (int q = 0; q < inner; q++) {
          r[j + q] = combine(kind, r[j + q], x[base + q]);
        }
      }
    }
    return Tensor.wrap(out, r);
  }

  static Tensor sumTo(Tensor t, Shape target) {
    if (t.shape().equals(target)) {
      return t;
    }
    if (!target.broadcastsTo(t.shape())) {
      throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + t.shape());
    }
    return t.sum(reducedAxes(target, t.shape()), true).reshape(target);
  }

  /** The axes of {@code full} that {@code target} broadcasts along (all of the leading ones, and its 1s). */
  private static int[] reducedAxes(Shape target, Shape full) {
    int off = full.rank() - target.rank();
    int count = 0;
    int[] axes = new int[full.rank()];
    for (int ax = 0; ax < full.rank(); ax++) {
      if (ax < off || (target.dim(ax - off) == 1 && full.dim(ax) != 1)) {
        axes[count++] = ax;
      }
    }
    return java.util.Arrays.copyOf(axes, count);
  }

  /** One step of a reduction: the running value and the next element. */
  /**
   * {@return the sum of {@code x[from .. from+len-1]} in a fixed order: four running sums over the
   * elements {@code 4i, 4i+1, 4i+2, 4i+3}, the tail added to the first, then {@code (s0 + s1) + (s2 + s3)}}
   * Four independent additions per step instead of one chain (a float64 add waits for the previous
   * one: about 4x faster on long blocks, e.g. a convolution's bias gradient); the order depends only
   * on {@code len}, never on threads or timing.
   */
  static double blockSum(double[] x, int from, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    for (int end = from + (len & ~3); i < end; i += 4) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    for (int end = from + len; i < end; i++) {
      s0 += x[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@link #blockSum(double[], int, int)} of float32 elements, each widened exactly: the same sum. */
  static double blockSum(float[] x, int from, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    for (int end = from + (len & ~3); i < end; i += 4) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    for (int end = from + len; i < end; i++) {
      s0 += x[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  static double combine(Kind kind, double acc, double v) {
    return switch (kind) {
      case SUM -> acc + v;
      case MAX -> (v > acc || Double.isNaN(v)) ? v : acc;
      case MIN -> (v < acc || Double.isNaN(v)) ? v : acc;
    };
  }

  static Tensor argmax(Tensor t, int axis) {
    Shape in = t.shape();
    int a = in.normalizeAxis(axis);
    int n = in.dim(a);
    if (n == 0) {
      throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + in + " is empty");
    }
    int inner = in.strides()[a];
    int outer = 1;
    for (int d = 0; d < a; d++) {
      outer *= in.dim(d);
    }
    double[] x = t.raw();
    int[] r = new int[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * n * inner + i;
        int best = 0;
        for (int k = 1; k < n; k++) {
          if (x[base + k * inner] > x[base + best * inner]) {
            best = k;
          }
        }
        r[o * inner + i] = best;
      }
    }
    return Tensor.wrap(in.reduce(new int[] {a}, false), r);
  }
}
