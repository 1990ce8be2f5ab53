package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** The float32 run of a {@link Pointwise} program: float tiles throughout, no float64 copy of anything. */
final class Float32Run {
  private Float32Run() {}

  /**
   * {@return the outputs of {@code p} for float32 inputs {@code in}, validated by the caller} As the
   * float64 run: full inputs are copied tile by tile into float tiles and outputs copied out (into a
   * handed-over input's array where donation allows); every instruction runs its
   * float32 loop, whose results are the float32 roundings of the float64 formula (see {@link Lanes}),
   * so the outputs equal the unfused float32 ops' bit for bit. An output not donated goes into its
   * {@code given} array when that is a float array of the right size.
   */
  static Tensor[] run(Pointwise p, Tensor[] in, Object[] given, @Nullable Spread[] spread) {
    int n = p.shape.size();
    int tile = Math.min(Pointwise.TILE, n);
    float[][] src = new float[p.inputs][];
    float[][] spreadSrc = new float[p.inputs][];
    float[] scalar = new float[p.inputs];
    for (int k = 0; k < p.inputs; k++) {
      if (in[k].shape().equals(p.shape)) {
        src[k] = Storage.floats(in[k]);
      } else if (spread[k] != null) {
        spreadSrc[k] = Storage.floats(in[k]);
      } else {
        scalar[k] = Storage.floats(in[k])[0];
      }
    }
    float[][] dst = new float[p.outputs.length][];
    for (int k = 0; k < dst.length; k++) {
      int d = p.donor[k];
      dst[k] = d >= 0 && src[d] != null && p.ownsArray(src, d) ? src[d]
          : given[k] instanceof float[] g && g.length == n ? g : new float[n];
    }
    int tiles = tile == 0 ? 0 : (n + tile - 1) / tile;
    int chunks = p.chunks(n, tiles);
    Parallel.forEach(chunks, c -> tiles(p, src, spreadSrc, spread, scalar, dst, tile, n,
        Parallel.start(tiles, chunks, c), Parallel.start(tiles, chunks, c + 1)));
    Tensor[] out = new Tensor[dst.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = Storage.wrap(p.shape, dst[k]);
    }
    return out;
  }

  /** Runs tiles {@code [from, to)} on tile buffers of its own; tiles are independent, so any cut gives the same bits. */
  private static void tiles(Pointwise p, float[][] src, float[][] spreadSrc, @Nullable Spread[] spread, float[] scalar,
      float[][] dst, int tile, int n, int from, int to) {
    float[][] tiles = new float[p.buffers][];
    for (int b = 0; b < p.buffers; b++) {
      tiles[b] = new float[tile];
    }
    for (int k = 0; k < p.inputs; k++) {
      if (src[k] == null && spread[k] == null) {
        Arrays.fill(tiles[k], scalar[k]);
      }
    }
    float[][] v = new float[p.buffer.length][];
    for (int k = 0; k < v.length; k++) {
      v[k] = tiles[p.buffer[k]];
    }
    for (int t = from; t < to; t++) {
      int base = t * tile;
      int len = Math.min(tile, n - base);
      for (int k = 0; k < p.inputs; k++) {
        if (src[k] != null) {
          System.arraycopy(src[k], base, v[k], 0, len);
        } else if (spread[k] != null) {
          spread[k].fill(spreadSrc[k], base, v[k], len);
        }
      }
      for (int k = 0; k < p.code.length; k++) {
        p.code[k].run(v, p.inputs + k, len);
      }
      for (int k = 0; k < dst.length; k++) {
        System.arraycopy(v[p.outputs[k]], 0, dst[k], base, len);
      }
    }
  }
}
