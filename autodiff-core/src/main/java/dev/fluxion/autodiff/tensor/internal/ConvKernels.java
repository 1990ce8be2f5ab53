package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * 2-d convolution kernels over NCHW tensors: im2col + GEMM forward, and the two adjoints; float32
 * tensors run the same structure in {@code float} ({@link ConvKernels32}).
 *
 * <p>Each image has its own small im2col matrix {@code [C*KH*KW, OH*OW]} (it stays in cache and
 * its product lands straight in the image's output block); the batch is cut into chunks of
 * consecutive images, a number fixed by the sizes alone ({@link Geometry#chunks}), run on the
 * {@link Parallel} pool. Forward and input adjoint compute every element of one image by itself,
 * so they do not depend on the chunks (and run in one piece when the pool cannot help); the
 * weight adjoint sums each chunk's images in order and then adds the chunks' sums in chunk order,
 * a fixed order too: the same bits for any thread count.
 * Shapes are validated by the callers in {@link Convolutions} through {@link ConvShapes}.
 */
final class ConvKernels {
  private ConvKernels() {}

  /** Sizes of one convolution; {@code ckk = C*KH*KW}, {@code ohw = OH*OW}. */
  record Geometry(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw,
      int oh, int ow) {
    static Geometry of(Shape x, Shape wt, ConvGeometry geometry) {
      Shape y = ConvShapes.conv2d(x, wt, geometry);
      return new Geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), wt.dim(0), wt.dim(2), wt.dim(3),
          geometry.strideH(), geometry.strideW(), geometry.padH(), geometry.padW(), y.dim(2), y.dim(3));
    }

    int ckk() {
      return c * kh * kw;
    }

    int ohw() {
      return oh * ow;
    }

    /** The multiply-adds of one product over the batch. */
    long work() {
      return (long) n * o * ckk() * ohw();
    }

    /** The number of image chunks: 1 below {@link Parallel#PARALLEL_WORK}, else from the sizes alone. */
    int chunks() {
      return work() < Parallel.PARALLEL_WORK ? 1 : Parallel.chunks(work(), Parallel.PARALLEL_WORK, n);
    }

    /**
     * {@link #chunks}, or 1 when the pool cannot help this call ({@link Parallel#canShare}): for
     * the kernels that compute every image by itself, whose bits do not depend on the chunks.
     */
    int perImageChunks() {
      int chunks = chunks();
      return chunks > 1 && Parallel.canShare() ? chunks : 1;
    }

    /** {@return the first image of chunk {@code t} of {@code chunks}} */
    int first(int chunks, int t) {
      return Parallel.start(n, chunks, t);
    }
  }

  /** {@code y[N,O,OH,OW] = conv2d(x[N,C,H,W], w[O,C,KH,KW])} (cross-correlation, zero padding). */
  static Tensor forward(Tensor x, Tensor w, ConvGeometry geometry) {
    if (x.dtype() == DType.FLOAT32) {
      return ConvKernels32.forward(Geometry.of(x.shape(), w.shape(), geometry), x, w, null);
    }
    return forward(x, w, null, geometry);
  }

  /** {@link #forward} plus {@code bias[o]} on every element of channel {@code o} (if not null), per image. */
  static Tensor forward(Tensor x, Tensor w, double @Nullable [] bias, ConvGeometry geometry) {
    Geometry g = Geometry.of(x.shape(), w.shape(), geometry);
    int ohw = g.ohw();
    double[] y = new double[g.n * g.o * ohw];
    double[] xs = Storage.raw(x);
    double[] ws = Storage.raw(w);
    int chunks = g.perImageChunks();
    Parallel.forEach(chunks, t -> {
      double[] col = new double[g.ckk() * ohw];
      for (int i = g.first(chunks, t); i < g.first(chunks, t + 1); i++) {
        im2col(g, xs, i, col);
        Storage.multiply(g.o, ohw, g.ckk(), ws, 0, g.ckk(), 1, col, 0, ohw, 1, y, i * g.o * ohw, false);
        if (bias != null) {
          for (int o = 0; o < g.o; o++) {
            double b = bias[o];
            int base = (i * g.o + o) * ohw;
            for (int q = base; q < base + ohw; q++) {
              y[q] += b;
            }
          }
        }
      }
    });
    return Storage.wrap(Shape.of(g.n, g.o, g.oh, g.ow), y);
  }

  /** {@code xBar[N,C,H,W] = col2im(w^T @ yBar)}: the adjoint of {@link #forward} in {@code x}. */
  static Tensor backwardInput(Tensor yBar, Tensor w, Shape xShape, ConvGeometry geometry) {
    Geometry g = Geometry.of(xShape, w.shape(), geometry);
    if (w.dtype() == DType.FLOAT32) {
      return ConvKernels32.backwardInput(g, yBar, w, xShape);
    }
    int ohw = g.ohw();
    double[] xBar = new double[xShape.size()];
    double[] ys = Storage.raw(yBar);
    double[] ws = Storage.raw(w);
    int chunks = g.perImageChunks();
    Parallel.forEach(chunks, t -> {
      double[] colBar = new double[g.ckk() * ohw];
      for (int i = g.first(chunks, t); i < g.first(chunks, t + 1); i++) {
        Storage.multiply(g.ckk(), ohw, g.o, ws, 0, 1, g.ckk(), ys, i * g.o * ohw, ohw, 1, colBar, 0, false);
        col2im(g, colBar, xBar, i);
      }
    });
    return Storage.wrap(xShape, xBar);
  }

  /**
   * {@code wBar[O,C,KH,KW] = sum_n yBar_n @ im2col(x_n)^T}: the adjoint of {@link #forward} in
   * {@code w}, summed over the images of each chunk in order, then over the chunks in order.
   * Each image's product is computed transposed, {@code im2col(x_n) @ yBar_n^T}, so that the long
   * im2col operand is read row by row.
   */
  static Tensor backwardWeight(Tensor x, Tensor yBar, Shape wShape, ConvGeometry geometry) {
    Geometry g = Geometry.of(x.shape(), wShape, geometry);
    if (x.dtype() == DType.FLOAT32) {
      return ConvKernels32.backwardWeight(g, x, yBar, wShape);
    }
    int size = g.o * g.ckk();
    int ohw = g.ohw();
    double[] xs = Storage.raw(x);
    double[] ys = Storage.raw(yBar);
    int chunks = g.chunks();
    double[][] parts = new double[chunks][];
    Parallel.forEach(chunks, t -> {
      int lo = g.first(chunks, t);
      int hi = g.first(chunks, t + 1);
      double[] part = new double[size];
      double[] col = new double[g.ckk() * ohw];
      double[] one = new double[size];
      for (int i = lo; i < hi; i++) {
        im2col(g, xs, i, col);
        Storage.multiply(g.ckk(), g.o, ohw, col, 0, ohw, 1, ys, i * g.o * ohw, 1, ohw, one, 0, false);
        for (int o = 0; o < g.o; o++) {
          for (int k = 0; k < g.ckk(); k++) {
            part[o * g.ckk() + k] = i == lo ? one[k * g.o + o] : part[o * g.ckk() + k] + one[k * g.o + o];
          }
        }
      }
      parts[t] = part;
    });
    double[] first = parts[0];
    for (int t = 1; t < chunks; t++) {
      double[] part = parts[t];
      for (int k = 0; k < size; k++) {
        first[k] += part[k];
      }
    }
    return Storage.wrap(wShape, first);
  }

  /** Writes the im2col matrix {@code [C*KH*KW, OH*OW]} of image {@code n} to {@code col}; padding stays 0. */
  private static void im2col(Geometry g, double[] x, int n, double[] col) {
    int cs = g.c, h = g.h, w = g.w, kh = g.kh, kw = g.kw, oh = g.oh, ow = g.ow;
    int sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
    int len = oh * ow;
    for (int c = 0; c < cs; c++) {
      int xBase = (n * cs + c) * h * w;
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          int dst = ((c * kh + ki) * kw + kj) * len;
          int lo = Math.clamp(Math.ceilDiv(pw - kj, sw), 0, ow);
          int hi = Math.clamp(Math.floorDiv(w - 1 + pw - kj, sw) + 1, lo, ow);
          for (int r = 0; r < oh; r++) {
            int ih = r * sh - ph + ki;
            if (ih < 0 || ih >= h) {
              continue;
            }
            int src = xBase + ih * w - pw + kj;
            int d = dst + r * ow;
            if (sw == 1) {
              System.arraycopy(x, src + lo, col, d + lo, hi - lo);
            } else {
              for (int q = lo; q < hi; q++) {
                col[d + q] = x[src + q * sw];
              }
            }
          }
        }
      }
    }
  }

  /** Adds the columns of {@code col} (laid out as by {@link #im2col}) back into image {@code n} of {@code xBar}. */
  private static void col2im(Geometry g, double[] col, double[] xBar, int n) {
    int cs = g.c, h = g.h, w = g.w, kh = g.kh, kw = g.kw, oh = g.oh, ow = g.ow;
    int sh = g.sh, sw = g.sw, ph = g.ph, pw = g.pw;
    int len = oh * ow;
    for (int c = 0; c < cs; c++) {
      int xBase = (n * cs + c) * h * w;
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++) {
          int src = ((c * kh + ki) * kw + kj) * len;
          int lo = Math.clamp(Math.ceilDiv(pw - kj, sw), 0, ow);
          int hi = Math.clamp(Math.floorDiv(w - 1 + pw - kj, sw) + 1, lo, ow);
          for (int r = 0; r < oh; r++) {
            int ih = r * sh - ph + ki;
            if (ih < 0 || ih >= h) {
              continue;
            }
            int dst = xBase + ih * w - pw + kj;
            int s = src + r * ow;
            for (int q = lo; q < hi; q++) {
              xBar[dst + q * sw] += col[s + q];
            }
          }
        }
      }
    }
  }
}
