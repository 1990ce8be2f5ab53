package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;

/** The float32 run of a {@link Pointwise} program: float tiles throughout, no float64 copy of anything. */
final class Float32Run {
  private Float32Run() {}

  /**
   * {@return the outputs of {@code p} for float32 inputs {@code in}, validated by the caller} As the
   * float64 run: full inputs are read in place and outputs written in place (into a handed-over
   * input's array where donation allows), temporaries live in tiles; every instruction runs its
   * float32 loop, whose results are the float32 roundings of the float64 formula (see {@link Lanes}),
   * so the outputs equal the unfused float32 ops' bit for bit.
   */
  static Tensor[] run(Pointwise p, Tensor[] in) {
    int n = p.shape.size();
    int tile = Math.min(Pointwise.TILE, n);
    float[][] buf = new float[p.buffers][];
    boolean[] full = new boolean[p.buffers];
    for (int k = 0; k < p.inputs; k++) {
      Tensor t = in[k];
      if (t.shape().equals(p.shape)) {
        buf[k] = Storage.floats(t);
        full[k] = true;
      } else {
        buf[k] = new float[tile];
        Arrays.fill(buf[k], Storage.floats(t)[0]);
      }
    }
    for (int k = 0; k < p.outputs.length; k++) {
      int d = p.donor[k];
      buf[p.inputs + k] = d >= 0 && full[d] && p.ownsArray(buf, d) ? buf[d] : new float[n];
      full[p.inputs + k] = true;
    }
    for (int b = p.inputs + p.outputs.length; b < p.buffers; b++) {
      buf[b] = new float[tile];
    }
    int values = p.buffer.length;
    float[][] v = new float[values][];
    int[] o = new int[values];
    for (int k = 0; k < values; k++) {
      v[k] = buf[p.buffer[k]];
    }
    for (int base = 0; base < n; base += tile) {
      int len = Math.min(tile, n - base);
      for (int k = 0; k < values; k++) {
        o[k] = full[p.buffer[k]] ? base : 0;
      }
      for (int k = 0; k < p.code.length; k++) {
        p.code[k].run(v, o, p.inputs + k, len);
      }
    }
    Tensor[] out = new Tensor[p.outputs.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = Storage.wrap(p.shape, buf[p.buffer[p.outputs[k]]]);
    }
    return out;
  }
}
