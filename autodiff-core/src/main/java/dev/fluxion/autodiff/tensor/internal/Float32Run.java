package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;

/** The float32 run of a {@link Pointwise} program: no float64 copy of an input or an output. */
final class Float32Run {
  private Float32Run() {}

  /**
   * {@return the outputs of {@code p} for float32 inputs {@code in}, validated by the caller}: every value lives in a double tile; each tile of a full input is widened into
   * its tile before the instructions run, each instruction's result is rounded to float32 as the
   * unfused float32 op rounds it, and the outputs' tiles are stored into float arrays (exactly: their
   * values are float32 values already). A tile of a donor is read before the output's tile is stored
   * over it, so donation is safe as in the float64 run.
   */
  static Tensor[] run(Pointwise p, Tensor[] in) {
    int n = p.shape.size();
    int tile = Math.min(Pointwise.TILE, n);
    double[][] buf = new double[p.buffers][];
    float[][] src = new float[p.inputs][];
    for (int k = 0; k < p.inputs; k++) {
      buf[k] = new double[tile];
      if (in[k].shape().equals(p.shape)) {
        src[k] = Storage.floats(in[k]);
      } else {
        Arrays.fill(buf[k], in[k].item());
      }
    }
    float[][] dst = new float[p.outputs.length][];
    for (int k = 0; k < p.outputs.length; k++) {
      int d = p.donor[k];
      dst[k] = d >= 0 && src[d] != null && p.ownsArray(src, d) ? src[d] : new float[n];
    }
    for (int b = p.inputs; b < p.buffers; b++) {
      buf[b] = new double[tile];
    }
    int values = p.buffer.length;
    double[][] v = new double[values][];
    int[] o = new int[values];
    for (int k = 0; k < values; k++) {
      v[k] = buf[p.buffer[k]];
    }
    for (int base = 0; base < n; base += tile) {
      int len = Math.min(tile, n - base);
      for (int k = 0; k < p.inputs; k++) {
        float[] f = src[k];
        if (f != null) {
          double[] d = buf[k];
          for (int i = 0; i < len; i++) {
            d[i] = f[base + i];
          }
        }
      }
      for (int k = 0; k < p.code.length; k++) {
        p.code[k].run(v, o, p.inputs + k, len);
        roundToFloat(v[p.inputs + k], len);
      }
      for (int k = 0; k < p.outputs.length; k++) {
        double[] d = v[p.outputs[k]];
        float[] f = dst[k];
        for (int i = 0; i < len; i++) {
          f[base + i] = (float) d[i];
        }
      }
    }
    Tensor[] out = new Tensor[p.outputs.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = Storage.wrap(p.shape, dst[k]);
    }
    return out;
  }

  /** Rounds the first {@code len} values to float32, as a float32 op rounds its result. */
  private static void roundToFloat(double[] d, int len) {
    for (int i = 0; i < len; i++) {
      d[i] = (float) d[i];
    }
  }
}
