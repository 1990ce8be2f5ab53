package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.internal.Scalars;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The float32 elementwise kernels: read floats, compute each element in double exactly as
 * {@link Elementwise} does, store its float32 rounding; no float64 copy of an operand. That is IEEE
 * float32 arithmetic for {@code + - * /} (a double holds the exact result of a float {@code + - * /}
 * closely enough: 53 &ge; 2 &times; 24 + 2), so {@code +} and {@code -} run in float directly, and
 * {@code *} and {@code /} in double per element ({@link Scalars#mul(float, float)}: the same bits,
 * without the subnormal assist of a float product).
 */
final class Elementwise32 {
  private Elementwise32() {}

  static Tensor map(Tensor t, DoubleUnaryOperator f) {
    float[] x = t.rawFloats();
    float[] r = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = (float) f.applyAsDouble(x[i]);
    }
    return Tensor.wrap(t.shape(), r);
  }

  static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator f) {
    Shape out = broadcastShape(op, a.shape(), b.shape());
    float[] r = new float[out.size()];
    float[] x = a.rawFloats();
    float[] y = b.rawFloats();
    if (a.shape().equals(out) && b.shape().equals(out)) {
      range(f, x, 0, y, 0, r, r.length);
    } else if (b.size() == 1 && a.shape().equals(out)) {
      scalarRange(f, x, 0, y[0], r, r.length, false);
    } else if (a.size() == 1 && b.shape().equals(out)) {
      scalarRange(f, y, 0, x[0], r, r.length, true);
    } else if (a.shape().equals(out)) {
      blocks(f, x, y, Blocks.of(b.shape(), out), r, false);
    } else if (b.shape().equals(out)) {
      blocks(f, y, x, Blocks.of(a.shape(), out), r, true);
    } else {
      int[] ia = Elementwise.indexMap(a.shape(), out);
      int[] ib = Elementwise.indexMap(b.shape(), out);
      for (int i = 0; i < r.length; i++) {
        r[i] = (float) f.applyAsDouble(x[ia[i]], y[ib[i]]);
      }
    }
    return Tensor.wrap(out, r);
  }

  /** {@code r[off + i] = f(x[off + i], y[yOff + i])} for {@code i < len}, computed as {@link Elementwise}. */
  private static void range(DoubleBinaryOperator f, float[] x, int off, float[] y, int yOff, float[] r, int len) {
    if (f == Elementwise.ADD) {
      for (int i = 0; i < len; i++) {
        r[off + i] = x[off + i] + y[yOff + i];
      }
    } else if (f == Elementwise.SUB) {
      for (int i = 0; i < len; i++) {
        r[off + i] = x[off + i] - y[yOff + i];
      }
    } else if (f == Elementwise.MUL) {
      for (int i = 0; i < len; i++) {
        r[off + i] = Scalars.mul(x[off + i], y[yOff + i]);
      }
    } else if (f == Elementwise.DIV) {
      for (int i = 0; i < len; i++) {
        r[off + i] = Scalars.div(x[off + i], y[yOff + i]);
      }
    } else if (f == Elementwise.MASKED_MUL) {
      for (int i = 0; i < len; i++) {
        float u = x[off + i];
        float v = y[yOff + i];
        r[off + i] = u == 0 || v == 0 ? 0.0f : Scalars.mul(u, v);
      }
    } else {
      for (int i = 0; i < len; i++) {
        r[off + i] = (float) f.applyAsDouble(x[off + i], y[yOff + i]);
      }
    }
  }

  /** {@code r[off + i] = f(x[off + i], c)}, or {@code f(c, x[off + i])} if {@code swapped}, for {@code i < len}. */
  private static void scalarRange(DoubleBinaryOperator f, float[] x, int off, float c, float[] r, int len,
      boolean swapped) {
    if (f == Elementwise.ADD) {
      for (int i = off; i < off + len; i++) {
        r[i] = swapped ? c + x[i] : x[i] + c;
      }
    } else if (f == Elementwise.MUL) {
      for (int i = off; i < off + len; i++) {
        r[i] = Scalars.mul(x[i], c);
      }
    } else if (f == Elementwise.SUB && !swapped) {
      for (int i = off; i < off + len; i++) {
        r[i] = x[i] - c;
      }
    } else if (f == Elementwise.DIV && !swapped) {
      for (int i = off; i < off + len; i++) {
        r[i] = Scalars.div(x[i], c);
      }
    } else if (swapped) {
      for (int i = off; i < off + len; i++) {
        r[i] = (float) f.applyAsDouble(c, x[i]);
      }
    } else {
      for (int i = off; i < off + len; i++) {
        r[i] = (float) f.applyAsDouble(x[i], c);
      }
    }
  }

  /** As {@code Elementwise.zipBlocks}: {@code x} has the output shape, {@code y} is broadcast by {@code blocks}. */
  private static void blocks(DoubleBinaryOperator f, float[] x, float[] y, Blocks blocks, float[] r,
      boolean swapped) {
    int inner = blocks.inner();
    int[] outer = blocks.outer();
    for (int o = 0; o < outer.length; o++) {
      int base = o * inner;
      int j = outer[o];
      if (blocks.repeat()) {
        scalarRange(f, x, base, y[j], r, inner, swapped);
      } else if (!swapped) {
        range(f, x, base, y, j, r, inner);
      } else {
        for (int q = 0; q < inner; q++) {
          r[base + q] = (float) f.applyAsDouble(y[j + q], x[base + q]);
        }
      }
    }
  }

  static Tensor where(Tensor c, Tensor a, Tensor b) {
    Shape out = broadcastShape("where", broadcastShape("where", c.shape(), a.shape()), b.shape());
    float[] cc = c.rawFloats();
    float[] aa = a.rawFloats();
    float[] bb = b.rawFloats();
    float[] r = new float[out.size()];
    if (c.shape().equals(out) && a.shape().equals(out) && b.shape().equals(out)) {
      for (int i = 0; i < r.length; i++) {
        r[i] = cc[i] != 0 ? aa[i] : bb[i];
      }
      return Tensor.wrap(out, r);
    }
    int[] ic = Elementwise.indexMap(c.shape(), out);
    int[] ia = Elementwise.indexMap(a.shape(), out);
    int[] ib = Elementwise.indexMap(b.shape(), out);
    for (int i = 0; i < r.length; i++) {
      r[i] = cc[ic[i]] != 0 ? aa[ia[i]] : bb[ib[i]];
    }
    return Tensor.wrap(out, r);
  }

  static Tensor broadcastTo(Tensor t, Shape target) {
    if (t.shape().equals(target)) {
      return t;
    }
    if (!t.shape().broadcastsTo(target)) {
      throw new IllegalArgumentException("broadcastTo: shape " + t.shape() + " does not broadcast to " + target);
    }
    Blocks blocks = Blocks.of(t.shape(), target);
    float[] x = t.rawFloats();
    float[] r = new float[target.size()];
    int inner = blocks.inner();
    int[] outer = blocks.outer();
    for (int o = 0; o < outer.length; o++) {
      if (blocks.repeat()) {
        Arrays.fill(r, o * inner, (o + 1) * inner, x[outer[o]]);
      } else {
        System.arraycopy(x, outer[o], r, o * inner, inner);
      }
    }
    return Tensor.wrap(target, r);
  }

  /** {@return {@code x * c} elementwise, {@code c} already a float32 value} */
  static Tensor scale(Tensor t, float c) {
    float[] x = t.rawFloats();
    float[] r = new float[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Scalars.mul(x[i], c);
    }
    return Tensor.wrap(t.shape(), r);
  }

  /** {@return {@code max(x, 0)} elementwise as {@code Scalars.relu}: {@code -0.0} gives {@code 0.0}, NaN stays} */
  static Tensor relu(Tensor t) {
    float[] x = t.rawFloats();
    float[] r = new float[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.max(x[i], 0.0f);
    }
    return Tensor.wrap(t.shape(), r);
  }

  /** {@return {@code x > 0 ? 1 : 0} elementwise, NaN for NaN, as {@code Scalars.stepOf}} */
  static Tensor step(Tensor t) {
    float[] x = t.rawFloats();
    float[] r = new float[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.max(Math.signum(x[i]), 0.0f);
    }
    return Tensor.wrap(t.shape(), r);
  }

  private static Shape broadcastShape(String op, Shape a, Shape b) {
    try {
      return Shape.broadcast(a, b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
  }
}
