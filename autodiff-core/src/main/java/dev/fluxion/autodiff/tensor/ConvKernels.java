package dev.fluxion.autodiff.tensor;

/**
 * 2-d convolution kernels over NCHW float64 tensors: im2col + GEMM forward, and the two adjoints.
 *
 * <p>Images are processed in groups whose im2col matrix {@code [C*KH*KW, G*OH*OW]} stays below
 * {@link #COL_BUDGET} doubles, so one GEMM covers a whole group (and may use both cores).
 * Shapes are validated by the callers in {@link Tensor} through {@link ConvShapes}.
 */
final class ConvKernels {
  static final int COL_BUDGET = 1 << 22;

  private ConvKernels() {}

  /** Sizes of one convolution; {@code ckk = C*KH*KW}, {@code ohw = OH*OW}. */
  private record Geometry(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw,
      int oh, int ow) {
    static Geometry of(Shape x, Shape wt, int[] stride, int[] padding) {
      Shape y = ConvShapes.conv2d(x, wt, stride, padding);
      return new Geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), wt.dim(0), wt.dim(2), wt.dim(3),
          stride[0], stride[1], padding[0], padding[1], y.dim(2), y.dim(3));
    }

    int ckk() {
      return c * kh * kw;
    }

    int ohw() {
      return oh * ow;
    }

    int group() {
      long per = Math.max(1L, (long) ckk() * ohw());
      return (int) Math.max(1, Math.min(n, COL_BUDGET / per));
    }
  }

  /** {@code y[N,O,OH,OW] = conv2d(x[N,C,H,W], w[O,C,KH,KW])} (cross-correlation, zero padding). */
  static Tensor forward(Tensor x, Tensor w, int[] stride, int[] padding) {
    Geometry g = Geometry.of(x.shape(), w.shape(), stride, padding);
    int ohw = g.ohw();
    double[] y = new double[g.n * g.o * ohw];
    for (int n0 = 0; n0 < g.n; n0 += g.group()) {
      int gn = Math.min(g.group(), g.n - n0);
      int len = gn * ohw;
      double[] col = im2col(g, x.raw(), n0, gn);
      if (gn == 1) {
        GemmKernel.gemm(g.o, len, g.ckk(), w.raw(), 0, col, 0, y, n0 * g.o * ohw);
        continue;
      }
      double[] yg = new double[g.o * len];
      GemmKernel.gemm(g.o, len, g.ckk(), w.raw(), 0, col, 0, yg, 0);
      for (int i = 0; i < gn; i++) {
        for (int o = 0; o < g.o; o++) {
          System.arraycopy(yg, o * len + i * ohw, y, ((n0 + i) * g.o + o) * ohw, ohw);
        }
      }
    }
    return Tensor.wrap(ConvShapes.conv2d(x.shape(), w.shape(), stride, padding), y);
  }

  /** {@code xBar[N,C,H,W] = col2im(w^T @ yBar)}: the adjoint of {@link #forward} in {@code x}. */
  static Tensor backwardInput(Tensor yBar, Tensor w, Shape xShape, int[] stride, int[] padding) {
    Geometry g = Geometry.of(xShape, w.shape(), stride, padding);
    double[] xBar = new double[xShape.size()];
    for (int n0 = 0; n0 < g.n; n0 += g.group()) {
      int gn = Math.min(g.group(), g.n - n0);
      int len = gn * g.ohw();
      double[] colBar = new double[g.ckk() * len];
      double[] yg = gn == 1 ? yBar.raw() : imagesAsColumns(g, yBar.raw(), n0, gn);
      int yo = gn == 1 ? n0 * g.o * g.ohw() : 0;
      GemmKernel.gemmTN(g.ckk(), len, g.o, w.raw(), 0, yg, yo, colBar, 0);
      col2im(g, colBar, xBar, n0, gn);
    }
    return Tensor.wrap(xShape, xBar);
  }

  /** {@code wBar[O,C,KH,KW] = sum_n yBar_n @ im2col(x_n)^T}: the adjoint of {@link #forward} in {@code w}. */
  static Tensor backwardWeight(Tensor x, Tensor yBar, Shape wShape, int[] stride, int[] padding) {
    Geometry g = Geometry.of(x.shape(), wShape, stride, padding);
    int size = g.o * g.ckk();
    double[] wBar = new double[size];
    double[] part = g.group() >= g.n ? wBar : new double[size];
    for (int n0 = 0; n0 < g.n; n0 += g.group()) {
      int gn = Math.min(g.group(), g.n - n0);
      int len = gn * g.ohw();
      double[] col = im2col(g, x.raw(), n0, gn);
      double[] yg = gn == 1 ? yBar.raw() : imagesAsColumns(g, yBar.raw(), n0, gn);
      int yo = gn == 1 ? n0 * g.o * g.ohw() : 0;
      GemmKernel.gemmNT(g.o, g.ckk(), len, yg, yo, col, 0, part, 0);
      if (part != wBar) {
        for (int i = 0; i < size; i++) {
          wBar[i] += part[i];
        }
      }
    }
    return Tensor.wrap(wShape, wBar);
  }

  /** Images {@code n0 .. n0+gn-1} of {@code [N,O,OHW]} rearranged to {@code [O, gn*OHW]}. */
  private static double[] imagesAsColumns(Geometry g, double[] y, int n0, int gn) {
    int ohw = g.ohw();
    int len = gn * ohw;
    double[] out = new double[g.o * len];
    for (int i = 0; i < gn; i++) {
      for (int o = 0; o < g.o; o++) {
        System.arraycopy(y, ((n0 + i) * g.o + o) * ohw, out, o * len + i * ohw, ohw);
      }
    }
    return out;
  }

  /** The im2col matrix {@code [C*KH*KW, gn*OH*OW]} of images {@code n0 .. n0+gn-1}. */
  private static double[] im2col(Geometry g, double[] x, int n0, int gn) {
    int len = gn * g.ohw();
    double[] col = new double[g.ckk() * len];
    for (int i = 0; i < gn; i++) {
      for (int c = 0; c < g.c; c++) {
        int xBase = ((n0 + i) * g.c + c) * g.h * g.w;
        for (int ki = 0; ki < g.kh; ki++) {
          for (int kj = 0; kj < g.kw; kj++) {
            int dst = ((c * g.kh + ki) * g.kw + kj) * len + i * g.ohw();
            int lo = Math.clamp(Math.ceilDiv(g.pw - kj, g.sw), 0, g.ow);
            int hi = Math.clamp(Math.floorDiv(g.w - 1 + g.pw - kj, g.sw) + 1, lo, g.ow);
            for (int oh = 0; oh < g.oh; oh++) {
              int ih = oh * g.sh - g.ph + ki;
              if (ih < 0 || ih >= g.h) {
                continue;
              }
              int src = xBase + ih * g.w - g.pw + kj;
              int d = dst + oh * g.ow;
              for (int ow = lo; ow < hi; ow++) {
                col[d + ow] = x[src + ow * g.sw];
              }
            }
          }
        }
      }
    }
    return col;
  }

  /** Adds the columns of {@code col} (laid out as by {@link #im2col}) back into {@code xBar}. */
  private static void col2im(Geometry g, double[] col, double[] xBar, int n0, int gn) {
    int len = gn * g.ohw();
    for (int i = 0; i < gn; i++) {
      for (int c = 0; c < g.c; c++) {
        int xBase = ((n0 + i) * g.c + c) * g.h * g.w;
        for (int ki = 0; ki < g.kh; ki++) {
          for (int kj = 0; kj < g.kw; kj++) {
            int src = ((c * g.kh + ki) * g.kw + kj) * len + i * g.ohw();
            int lo = Math.clamp(Math.ceilDiv(g.pw - kj, g.sw), 0, g.ow);
            int hi = Math.clamp(Math.floorDiv(g.w - 1 + g.pw - kj, g.sw) + 1, lo, g.ow);
            for (int oh = 0; oh < g.oh; oh++) {
              int ih = oh * g.sh - g.ph + ki;
              if (ih < 0 || ih >= g.h) {
                continue;
              }
              int dst = xBase + ih * g.w - g.pw + kj;
              int s = src + oh * g.ow;
              for (int ow = lo; ow < hi; ow++) {
                xBar[dst + ow * g.sw] += col[s + ow];
              }
            }
          }
        }
      }
    }
  }
}
