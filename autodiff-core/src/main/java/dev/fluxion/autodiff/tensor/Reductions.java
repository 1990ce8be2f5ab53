package dev.fluxion.autodiff.tensor;

/** Reductions over axes: sum, max, min, argmax, logsumexp. */
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
      if (b.repeat()) {
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
    double[] r = new double[outer * inner];
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

  static Tensor logSumExp(Tensor t, int axis, boolean keepDims) {
    int[] ax = {axis};
    Tensor m = reduce(t, ax, true, Kind.MAX);
    Tensor safeM = m.map(v -> Double.isFinite(v) ? v : 0.0);
    Tensor s = t.minus(safeM).exp().sum(ax, true).log().plus(safeM);
    return keepDims ? s : s.reshape(t.shape().reduce(ax, false));
  }
}
