package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.ConvKernels.Geometry;
import org.jspecify.annotations.Nullable;

/**
 * The float32 twins of {@link ConvKernels}: the same per-image im2col + GEMM structure and the same
 * fixed two-way batch split, on {@code float} storage with the {@code float} GEMM. Everything
 * accumulates in float32: each product element is the float32 FMA chain over {@code C*KH*KW} (or
 * {@code O}, or {@code OH*OW}) in order; the input adjoint adds overlapping columns in float32, in
 * the order of {@link ConvKernels}; the weight adjoint sums its images in float32, each half in
 * order, then first half plus second half. None of it depends on whether the halves ran in parallel.
 */
final class ConvKernels32 {
  private ConvKernels32() {}

  /** {@code y = conv2d(x, w)}, then {@code + bias[o]} on channel {@code o} in float32 (if not null). */
  static Tensor forward(Geometry g, Tensor x, Tensor w, float @Nullable [] bias) {
    int ohw = g.ohw();
    float[] y = new float[g.n() * g.o() * ohw];
    float[] xs = Storage.floats(x);
    float[] ws = Storage.floats(w);
    int chunks = g.perImageChunks();
    Parallel.forEach(chunks, t -> {
      float[] col = new float[g.ckk() * ohw];
      for (int i = g.first(chunks, t); i < g.first(chunks, t + 1); i++) {
        im2col(g, xs, i, col);
        Storage.multiply(g.o(), ohw, g.ckk(), ws, 0, g.ckk(), 1, col, 0, ohw, 1, y, i * g.o() * ohw, false);
        if (bias != null) {
          for (int o = 0; o < g.o(); o++) {
            float b = bias[o];
            int base = (i * g.o() + o) * ohw;
            for (int q = base; q < base + ohw; q++) {
              y[q] += b;
            }
          }
        }
      }
    });
    return Storage.wrap(Shape.of(g.n(), g.o(), g.oh(), g.ow()), y);
  }

  /** {@code xBar = col2im(w^T @ yBar)}, image by image. */
  static Tensor backwardInput(Geometry g, Tensor yBar, Tensor w, Shape xShape) {
    int ohw = g.ohw();
    float[] xBar = new float[xShape.size()];
    float[] ys = Storage.floats(yBar);
    float[] ws = Storage.floats(w);
    int chunks = g.perImageChunks();
    Parallel.forEach(chunks, t -> {
      float[] colBar = new float[g.ckk() * ohw];
      for (int i = g.first(chunks, t); i < g.first(chunks, t + 1); i++) {
        Storage.multiply(g.ckk(), ohw, g.o(), ws, 0, 1, g.ckk(), ys, i * g.o() * ohw, ohw, 1, colBar, 0, false);
        col2im(g, colBar, xBar, i);
      }
    });
    return Storage.wrap(xShape, xBar);
  }

  /**
   * {@code wBar = sum_n yBar_n @ im2col(x_n)^T}, summed as in {@link ConvKernels#backwardWeight}. Each
   * image's product is taken in this orientation, straight into {@code [O, C*KH*KW]} without a
   * transposing copy: the FMA chains are those of the transposed product ({@code fma} commutes in its
   * factors), so the bits are the same.
   */
  static Tensor backwardWeight(Geometry g, Tensor x, Tensor yBar, Shape wShape) {
    int size = g.o() * g.ckk();
    int ohw = g.ohw();
    float[] xs = Storage.floats(x);
    float[] ys = Storage.floats(yBar);
    int chunks = g.chunks();
    float[][] parts = new float[chunks][];
    Parallel.forEach(chunks, t -> {
      int lo = g.first(chunks, t);
      int hi = g.first(chunks, t + 1);
      float[] part = new float[size];
      float[] col = new float[g.ckk() * ohw];
      float[] one = new float[size];
      for (int i = lo; i < hi; i++) {
        im2col(g, xs, i, col);
        Storage.multiply(g.o(), g.ckk(), ohw, ys, i * g.o() * ohw, ohw, 1, col, 0, 1, ohw, i == lo ? part : one, 0,
            false);
        if (i != lo) {
          for (int k = 0; k < size; k++) {
            part[k] += one[k];
          }
        }
      }
      parts[t] = part;
    });
    float[] first = parts[0];
    for (int t = 1; t < chunks; t++) {
      float[] part = parts[t];
      for (int k = 0; k < size; k++) {
        first[k] += part[k];
      }
    }
    return Storage.wrap(wShape, first);
  }

  /** Writes the im2col matrix {@code [C*KH*KW, OH*OW]} of image {@code n} to {@code col}; padding stays 0. */
  private static void im2col(Geometry g, float[] x, int n, float[] col) {
    int cs = g.c(), h = g.h(), w = g.w(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow();
    int sh = g.sh(), sw = g.sw(), ph = g.ph(), pw = g.pw();
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
  private static void col2im(Geometry g, float[] col, float[] xBar, int n) {
    int cs = g.c(), h = g.h(), w = g.w(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow();
    int sh = g.sh(), sw = g.sw(), ph = g.ph(), pw = g.pw();
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
