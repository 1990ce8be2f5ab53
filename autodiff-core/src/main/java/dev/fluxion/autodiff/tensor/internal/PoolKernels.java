package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * 2-d max and average pooling over NCHW tensors (no padding) and their adjoints; float32 tensors
 * run the loops of {@link PoolKernels32}, bit for bit the float32 rounding of these.
 *
 * <p>The argmax of a max-pooling window is its first maximal element in row-major window order
 * (a NaN counts as maximal). Shapes are validated by the callers in {@link Tensor}.
 */
final class PoolKernels {
  private PoolKernels() {}

  /** For each output element of {@code maxPool2d(x)}, the flat index of its window's argmax in {@code x}. */
  static int[] argmax(Tensor x, PoolGeometry geometry) {
    Shape xs = x.shape();
    Shape ys = ConvShapes.pool2d("maxPool2d", xs, geometry);
    int h = xs.dim(2);
    int w = xs.dim(3);
    int oh = ys.dim(2);
    int ow = ys.dim(3);
    int planes = xs.dim(0) * xs.dim(1);
    if (x.dtype() == DType.FLOAT32) {
      return PoolKernels32.argmax(Storage.floats(x), xs, ys, geometry);
    }
    double[] v = Storage.raw(x);
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
          double bv = v[base];
          for (int ki = 0; ki < kh; ki++) {
            int row = base + ki * w;
            for (int kj = 0; kj < kw; kj++) {
              double e = v[row + kj];
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

  /** {@link #argmax} for {@code 2x2} windows, the window loop unrolled: the same comparisons in the same order. */
  private static void argmax2x2(double[] v, int planes, int h, int w, int oh, int ow, int sh, int sw, int[] arg) {
    int out = 0;
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < oh; i++) {
        int rowBase = pl * h * w + i * sh * w;
        for (int j = 0; j < ow; j++) {
          int p = rowBase + j * sw;
          double a = v[p];
          double b = v[p + 1];
          boolean tb = b > a || (b != b && a == a);
          int best = tb ? p + 1 : p;
          double bv = tb ? b : a;
          double c = v[p + w];
          boolean tc = c > bv || (c != c && bv == bv);
          best = tc ? p + w : best;
          bv = tc ? c : bv;
          double d = v[p + w + 1];
          boolean td = d > bv || (d != d && bv == bv);
          arg[out++] = td ? p + w + 1 : best;
        }
      }
    }
  }

  /** {@code y = max over each window of x}. */
  static Tensor maxForward(Tensor x, PoolGeometry geometry) {
    int[] arg = argmax(x, geometry);
    if (x.dtype() == DType.FLOAT32) {
      return PoolKernels32.gather(Storage.floats(x), arg, ConvShapes.pool2d("maxPool2d", x.shape(), geometry));
    }
    double[] v = Storage.raw(x);
    double[] y = new double[arg.length];
    for (int i = 0; i < arg.length; i++) {
      y[i] = v[arg[i]];
    }
    return Storage.wrap(ConvShapes.pool2d("maxPool2d", x.shape(), geometry), y);
  }

  /** {@code xBar}: each {@code yBar} value added at its window's argmax in {@code x}. */
  static Tensor maxScatter(Tensor x, Tensor yBar, PoolGeometry geometry) {
    int[] arg = argmax(x, geometry);
    if (x.dtype() == DType.FLOAT32) {
      return PoolKernels32.scatter(arg, Storage.floats(yBar), null, x.shape(), geometry.disjoint());
    }
    double[] yb = Storage.raw(yBar);
    double[] xBar = new double[x.size()];
    for (int i = 0; i < arg.length; i++) {
      xBar[arg[i]] += yb[i];
    }
    return Storage.wrap(x.shape(), xBar);
  }

  /**
   * {@code maskedMul(maxScatter(x, yBar), step(z))} in one pass when windows do not overlap (each
   * element of the result then receives at most one value, masked once); otherwise the scatter
   * followed by the mask in place. Each element is {@code maskedMul(s, step(z))} (NaN for a NaN
   * {@code z} and nonzero {@code s}), bit for bit as {@link Fused#maskedMulStep}.
   */
  static Tensor maxScatterMaskedStep(Tensor x, Tensor yBar, Tensor z, PoolGeometry geometry) {
    if (x.dtype() == DType.FLOAT32) {
      return PoolKernels32.scatter(argmax(x, geometry), Storage.floats(yBar), Storage.floats(z), x.shape(),
          geometry.disjoint());
    }
    double[] zs = Storage.raw(z);
    if (!geometry.disjoint()) {
      double[] r = Storage.raw(maxScatter(x, yBar, geometry));
      for (int i = 0; i < r.length; i++) {
        r[i] = Fused.maskedStep(r[i], zs[i]);
      }
      return Storage.wrap(x.shape(), r);
    }
    int[] arg = argmax(x, geometry);
    double[] yb = Storage.raw(yBar);
    double[] r = new double[x.size()];
    for (int i = 0; i < arg.length; i++) {
      int a = arg[i];
      r[a] = Fused.maskedStep(yb[i], zs[a]);
    }
    return Storage.wrap(x.shape(), r);
  }

  /** {@code out[o] = g[argmax of window o]}: the tangent of max pooling, the adjoint of the scatter. */
  static Tensor maxGather(Tensor x, Tensor g, PoolGeometry geometry) {
    int[] arg = argmax(x, geometry);
    if (x.dtype() == DType.FLOAT32) {
      return PoolKernels32.gather(Storage.floats(g), arg, ConvShapes.pool2d("maxPool2d", x.shape(), geometry));
    }
    double[] gv = Storage.raw(g);
    double[] out = new double[arg.length];
    for (int i = 0; i < arg.length; i++) {
      out[i] = gv[arg[i]];
    }
    return Storage.wrap(ConvShapes.pool2d("maxPool2d", x.shape(), geometry), out);
  }

  /** {@code y = mean over each window of x}. */
  static Tensor avgForward(Tensor x, PoolGeometry geometry) {
    Shape xs = x.shape();
    Shape ys = ConvShapes.pool2d("avgPool2d", xs, geometry);
    if (x.dtype() == DType.FLOAT32) {
      return PoolKernels32.avgForward(x, ys, geometry);
    }
    int h = xs.dim(2);
    int w = xs.dim(3);
    int planes = xs.dim(0) * xs.dim(1);
    int sh = geometry.strideH();
    int sw = geometry.strideW();
    int kh = geometry.windowH();
    int kw = geometry.windowW();
    double scale = 1.0 / (kh * kw);
    double[] v = Storage.raw(x);
    double[] y = new double[ys.size()];
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
          y[out++] = s * scale;
        }
      }
    }
    return Storage.wrap(ys, y);
  }

  /** {@code xBar}: each {@code yBar} value spread evenly over its window (the adjoint of {@link #avgForward}). */
  static Tensor avgBackward(Tensor yBar, Shape xs, PoolGeometry geometry) {
    if (yBar.dtype() == DType.FLOAT32) {
      return PoolKernels32.avgBackward(yBar, xs, geometry);
    }
    Shape ys = yBar.shape();
    int h = xs.dim(2);
    int w = xs.dim(3);
    int planes = xs.dim(0) * xs.dim(1);
    int sh = geometry.strideH();
    int sw = geometry.strideW();
    int kh = geometry.windowH();
    int kw = geometry.windowW();
    double scale = 1.0 / (kh * kw);
    double[] yb = Storage.raw(yBar);
    double[] xBar = new double[xs.size()];
    int out = 0;
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < ys.dim(2); i++) {
        for (int j = 0; j < ys.dim(3); j++) {
          int base = pl * h * w + i * sh * w + j * sw;
          double share = yb[out++] * scale;
          for (int ki = 0; ki < kh; ki++) {
            for (int kj = 0; kj < kw; kj++) {
              xBar[base + ki * w + kj] += share;
            }
          }
        }
      }
    }
    return Storage.wrap(xs, xBar);
  }
}
