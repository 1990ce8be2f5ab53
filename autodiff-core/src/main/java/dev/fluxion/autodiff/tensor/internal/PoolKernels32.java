package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * The float32 twins of {@link PoolKernels}' loops, on the tensors' {@code float} storage, bit for
 * bit the float32 rounding of the float64 kernels on the exactly widened inputs: selections (max,
 * argmax, gather) are exact; a window mean sums in {@code double} and rounds once; a scatter writes
 * each element at most once when windows are disjoint, else accumulates in a {@code double} buffer
 * rounded at the end (a float32 running sum would round at every overlap).
 */
final class PoolKernels32 {
  private PoolKernels32() {}

  /** {@link PoolKernels#argmax} over {@code float} values: the same comparisons in the same order. */
  static int[] argmax(float[] v, Shape xs, Shape ys, PoolGeometry geometry) {
    int h = xs.dim(2);
    int w = xs.dim(3);
    int oh = ys.dim(2);
    int ow = ys.dim(3);
    int planes = xs.dim(0) * xs.dim(1);
    int[] arg = new int[ys.size()];
    int sh = geometry.strideH();
    int sw = geometry.strideW();
    int kh = geometry.windowH();
    int kw = geometry.windowW();
    if (kh == 2 && kw == 2) {
      argmax2x2(v, planes, h, w, oh, ow, sh, sw, arg);
      return arg;
    }
    int out = 0;
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int base = pl * h * w + i * sh * w + j * sw;
          int best = base;
          float bv = v[base];
          for (int ki = 0; ki < kh; ki++) {
            int row = base + ki * w;
            for (int kj = 0; kj < kw; kj++) {
              float e = v[row + kj];
              if (e > bv || (e != e && bv == bv)) {
                best = row + kj;
                bv = e;
              }
            }
          }
          arg[out++] = best;
        }
      }
    }
    return arg;
  }

  private static void argmax2x2(float[] v, int planes, int h, int w, int oh, int ow, int sh, int sw, int[] arg) {
    int out = 0;
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < oh; i++) {
        int rowBase = pl * h * w + i * sh * w;
        for (int j = 0; j < ow; j++) {
          int p = rowBase + j * sw;
          float a = v[p];
          float b = v[p + 1];
          boolean tb = b > a || (b != b && a == a);
          int best = tb ? p + 1 : p;
          float bv = tb ? b : a;
          float c = v[p + w];
          boolean tc = c > bv || (c != c && bv == bv);
          best = tc ? p + w : best;
          bv = tc ? c : bv;
          float d = v[p + w + 1];
          boolean td = d > bv || (d != d && bv == bv);
          arg[out++] = td ? p + w + 1 : best;
        }
      }
    }
  }

  /** {@code out[i] = v[arg[i]]}: the max forward and the gather. */
  static Tensor gather(float[] v, int[] arg, Shape out) {
    float[] y = new float[arg.length];
    for (int i = 0; i < arg.length; i++) {
      y[i] = v[arg[i]];
    }
    return Storage.wrap(out, y);
  }

  /** {@code xBar[arg[i]] += yb[i]}, masked by {@code step(z)} when {@code z} is not null. */
  static Tensor scatter(int[] arg, float[] yb, float @Nullable [] z, Shape xs,
      boolean disjoint) {
    float[] r = new float[xs.size()];
    if (disjoint) {
      for (int i = 0; i < arg.length; i++) {
        int a = arg[i];
        r[a] = z == null ? yb[i] + 0f : (float) Fused.maskedStep(yb[i], z[a]);
      }
      return Storage.wrap(xs, r);
    }
    double[] acc = new double[r.length];
    for (int i = 0; i < arg.length; i++) {
      acc[arg[i]] += yb[i];
    }
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) (z == null ? acc[i] : Fused.maskedStep(acc[i], z[i]));
    }
    return Storage.wrap(xs, r);
  }

  /** {@link PoolKernels#avgForward} on {@code float} storage: each window summed in {@code double}, rounded once. */
  static Tensor avgForward(Tensor x, Shape ys, PoolGeometry geometry) {
    Shape xs = x.shape();
    int h = xs.dim(2);
    int w = xs.dim(3);
    int planes = xs.dim(0) * xs.dim(1);
    int sh = geometry.strideH();
    int sw = geometry.strideW();
    int kh = geometry.windowH();
    int kw = geometry.windowW();
    double scale = 1.0 / (kh * kw);
    float[] v = Storage.floats(x);
    float[] y = new float[ys.size()];
    int out = 0;
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < ys.dim(2); i++) {
        for (int j = 0; j < ys.dim(3); j++) {
          int base = pl * h * w + i * sh * w + j * sw;
          double s = 0;
          for (int ki = 0; ki < kh; ki++) {
            for (int kj = 0; kj < kw; kj++) {
              s += v[base + ki * w + kj];
            }
          }
          y[out++] = (float) (s * scale);
        }
      }
    }
    return Storage.wrap(ys, y);
  }

  /** {@link PoolKernels#avgBackward} on {@code float} storage: each share {@code yBar/(kh*kw)} in {@code double}. */
  static Tensor avgBackward(Tensor yBar, Shape xs, PoolGeometry geometry) {
    Shape ys = yBar.shape();
    int h = xs.dim(2);
    int w = xs.dim(3);
    int planes = xs.dim(0) * xs.dim(1);
    int sh = geometry.strideH();
    int sw = geometry.strideW();
    int kh = geometry.windowH();
    int kw = geometry.windowW();
    double scale = 1.0 / (kh * kw);
    float[] yb = Storage.floats(yBar);
    boolean disjoint = geometry.disjoint();
    float[] xBar = new float[xs.size()];
    double @Nullable [] acc = disjoint ? null : new double[xs.size()];
    int out = 0;
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < ys.dim(2); i++) {
        for (int j = 0; j < ys.dim(3); j++) {
          int base = pl * h * w + i * sh * w + j * sw;
          double share = yb[out++] * scale;
          float rounded = (float) (share + 0.0);
          for (int ki = 0; ki < kh; ki++) {
            for (int kj = 0; kj < kw; kj++) {
              if (acc == null) {
                xBar[base + ki * w + kj] = rounded;
              } else {
                acc[base + ki * w + kj] += share;
              }
            }
          }
        }
      }
    }
    if (acc != null) {
      for (int i = 0; i < xBar.length; i++) {
        xBar[i] = (float) acc[i];
      }
    }
    return Storage.wrap(xs, xBar);
  }
}
