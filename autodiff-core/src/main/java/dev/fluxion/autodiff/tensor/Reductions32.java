package dev.fluxion.autodiff.tensor;

import java.util.Arrays;

/**
 * The float32 reductions: read floats, accumulate in double in exactly {@link Reductions}' order
 * (ascending flat index of the input; a contiguous block of a sum in four running sums,
 * {@link Reductions#blockSum}), round each result once. The only double arrays are of the
 * output's size (the accumulators); no float64 copy of the input is made.
 */
final class Reductions32 {
  private Reductions32() {}

  static Tensor reduce(Tensor t, int[] axes, boolean keepDims, Reductions.Kind kind) {
    Shape in = t.shape();
    Shape kept = in.reduce(axes, true);
    Shape out = in.reduce(axes, keepDims);
    double[] acc = accumulate(t, kept, kind, "");
    return Tensor.wrap(out, round(acc));
  }

  /**
   * {@return per element of {@code kept}, the reduction of the elements of {@code t} that broadcast
   * onto it, in double}
   */
  private static double[] accumulate(Tensor t, Shape kept, Reductions.Kind kind, String op) {
    Shape in = t.shape();
    double[] r = new double[kept.size()];
    if (kind != Reductions.Kind.SUM) {
      if (t.size() == 0 && r.length > 0) {
        String name = op.isEmpty() ? kind.name().toLowerCase() : op;
        throw new IllegalArgumentException(name + ": reduction of an empty axis of shape " + in);
      }
      Arrays.fill(r, kind == Reductions.Kind.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    Blocks b = Blocks.of(kept, in);
    float[] x = t.rawFloats();
    int inner = b.inner();
    int[] outer = b.outer();
    for (int o = 0; o < outer.length; o++) {
      int base = o * inner;
      int j = outer[o];
      if (b.repeat() && kind == Reductions.Kind.SUM) {
        r[j] += Reductions.blockSum(x, base, inner);
      } else if (b.repeat()) {
        double s = r[j];
        for (int q = base; q < base + inner; q++) {
          s = Reductions.combine(kind, s, x[q]);
        }
        r[j] = s;
      } else if (kind == Reductions.Kind.SUM) {
        for (int q = 0; q < inner; q++) {
          r[j + q] += x[base + q];
        }
      } else {
        for (int q = 0; q < inner; q++) {
          r[j + q] = Reductions.combine(kind, r[j + q], x[base + q]);
        }
      }
    }
    return r;
  }

  private static float[] round(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
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
    float[] x = t.rawFloats();
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
