package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.internal.Parallel;
import java.util.Arrays;

/**
 * The copy of a permute, in either dtype: axes that stay adjacent in both layouts are merged first,
 * then, if the input's contiguous axis stays last, each run is one {@code System.arraycopy};
 * otherwise that axis and the output's last are copied as a transpose in square tiles, so both sides
 * are read and written a cache line at a time. Large copies run in chunks on the pool.
 */
final class Permutation {
  /**
   * The cost of copying one element in multiply-adds, for cutting a copy into chunks: copies of 32,768
   * elements and more run on the pool (the attention's head split, 131,072 floats, took 127 µs alone).
   */
  private static final long COPY_WORK = 32;
  /** The side of a transposed tile: 16 floats or doubles fill one or two cache lines. */
  private static final int TILE = 16;

  /** Output dimensions after merging. */
  private final int[] dims;
  /** Input stride of each merged output axis. */
  private final int[] in;
  /** Output stride of each merged output axis. */
  private final int[] out;

  private Permutation(int[] dims, int[] in, int[] out) {
    this.dims = dims;
    this.in = in;
    this.out = out;
  }

  /** The copy that permutes a tensor of shape {@code shape} by the valid permutation {@code perm}. */
  static Permutation of(Shape shape, int[] perm) {
    int r = perm.length;
    int[] strides = shape.strides();
    int[] d = new int[r];
    int[] s = new int[r];
    int n = 0;
    for (int i = 0; i < r; i++) {
      int dim = shape.dim(perm[i]);
      int stride = strides[perm[i]];
      if (dim == 1) {
        continue;
      }
      if (n > 0 && s[n - 1] == stride * dim) {
        d[n - 1] *= dim;
        s[n - 1] = stride;
      } else {
        d[n] = dim;
        s[n++] = stride;
      }
    }
    if (n == 0) {
      return new Permutation(new int[] {1}, new int[] {1}, new int[] {1});
    }
    int[] dims = Arrays.copyOf(d, n);
    int[] out = new int[n];
    for (int i = n - 1, o = 1; i >= 0; i--) {
      out[i] = o;
      o *= dims[i];
    }
    return new Permutation(dims, Arrays.copyOf(s, n), out);
  }

  /** {@return {@code x} permuted, a new array} */
  float[] apply(float[] x) {
    float[] y = new float[x.length];
    if (y.length > 0) {
      copy(x, y, y.length);
    }
    return y;
  }

  /**
   * Copies every element of the non-empty {@code x} to its place in {@code y}: the outermost merged axis
   * cut into chunks on the pool when the copy is large (a copy gives the same bits on any cut), unless it
   * is the transposed one.
   */
  private void copy(Object x, Object y, int n) {
    int q = transposedAxis();
    int outer = dims.length > 1 && q != 0 ? dims[0] : 1;
    int chunks = Parallel.chunks((long) n * COPY_WORK, Parallel.PARALLEL_WORK, outer);
    if (chunks <= 1) {
      copy(x, y, q, 0, outer);
    } else {
      Parallel.forEach(chunks, c -> copy(x, y, q, Parallel.start(outer, chunks, c), Parallel.start(outer, chunks, c + 1)));
    }
  }

  /** {@return the output axis the input's contiguous axis goes to} */
  private int transposedAxis() {
    int q = dims.length - 1;
    while (in[q] != 1) {
      q--;
    }
    return q;
  }

  /** {@return {@code x} permuted, a new array} */
  double[] apply(double[] x) {
    double[] y = new double[x.length];
    if (y.length > 0) {
      copy(x, y, y.length);
    }
    return y;
  }

  /**
   * Copies the elements of {@code x} whose outermost merged index is in {@code [from, to)} to their places
   * in {@code y} (both float[] or double[]); with one axis, or {@code q} outermost, all of them ({@code
   * from = 0, to = 1}).
   */
  private void copy(Object x, Object y, int q, int from, int to) {
    int last = dims.length - 1;
    if (from >= to) {
      return;
    }
    int[] counter = new int[dims.length];
    boolean cut = last > 0 && q != 0;
    int inPos = cut ? from * in[0] : 0;
    int outPos = cut ? from * out[0] : 0;
    counter[0] = cut ? from : 0;
    int end = cut ? to : dims[0];
    while (true) {
      if (q == last) {
        System.arraycopy(x, inPos, y, outPos, dims[last]);
      } else if (x instanceof float[] xf) {
        transpose(xf, inPos, (float[]) y, outPos, q);
      } else {
        transpose((double[]) x, inPos, (double[]) y, outPos, q);
      }
      int ax = last - 1;
      for (; ax >= 0; ax--) {
        if (ax == q) {
          continue;
        }
        counter[ax]++;
        inPos += in[ax];
        outPos += out[ax];
        if (counter[ax] < (ax == 0 ? end : dims[ax])) {
          break;
        }
        inPos -= in[ax] * dims[ax];
        outPos -= out[ax] * dims[ax];
        counter[ax] = 0;
      }
      if (ax < 0) {
        return;
      }
    }
  }

  /** The plane of output axes {@code q} (input stride 1) and the last, from the given corners, in tiles. */
  private void transpose(float[] x, int inPos, float[] y, int outPos, int q) {
    int last = dims.length - 1;
    int rows = dims[q];
    int cols = dims[last];
    int rowOut = out[q];
    int colIn = in[last];
    for (int i0 = 0; i0 < rows; i0 += TILE) {
      int i1 = Math.min(rows, i0 + TILE);
      for (int j0 = 0; j0 < cols; j0 += TILE) {
        int j1 = Math.min(cols, j0 + TILE);
        for (int i = i0; i < i1; i++) {
          int o = outPos + i * rowOut;
          int p = inPos + i;
          for (int j = j0; j < j1; j++) {
            y[o + j] = x[p + j * colIn];
          }
        }
      }
    }
  }

  /** As {@link #transpose(float[], int, float[], int, int)}, for doubles. */
  private void transpose(double[] x, int inPos, double[] y, int outPos, int q) {
    int last = dims.length - 1;
    int rows = dims[q];
    int cols = dims[last];
    int rowOut = out[q];
    int colIn = in[last];
    for (int i0 = 0; i0 < rows; i0 += TILE) {
      int i1 = Math.min(rows, i0 + TILE);
      for (int j0 = 0; j0 < cols; j0 += TILE) {
        int j1 = Math.min(cols, j0 + TILE);
        for (int i = i0; i < i1; i++) {
          int o = outPos + i * rowOut;
          int p = inPos + i;
          for (int j = j0; j < j1; j++) {
            y[o + j] = x[p + j * colIn];
          }
        }
      }
    }
  }
}
