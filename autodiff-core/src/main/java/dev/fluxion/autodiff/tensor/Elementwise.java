package dev.fluxion.autodiff.tensor;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** Elementwise kernels with NumPy broadcasting. */
final class Elementwise {
  static final DoubleBinaryOperator ADD = Double::sum;
  static final DoubleBinaryOperator SUB = (a, b) -> a - b;
  static final DoubleBinaryOperator MUL = (a, b) -> a * b;
  static final DoubleBinaryOperator DIV = (a, b) -> a / b;
  static final DoubleBinaryOperator MASKED_MUL = (a, b) -> a == 0 || b == 0 ? 0.0 : a * b;

  private Elementwise() {}

  static Tensor map(Tensor t, DoubleUnaryOperator f) {
    double[] x = t.raw();
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = f.applyAsDouble(x[i]);
    }
    return Tensor.wrap(t.shape(), out);
  }

  static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator f) {
    Shape out = broadcastShape(op, a.shape(), b.shape());
    double[] r = new double[out.size()];
    double[] x = a.raw();
    double[] y = b.raw();
    if (a.shape().equals(out) && b.shape().equals(out)) {
      if (FastLoops.zip(f, x, y, r)) {
        return Tensor.wrap(out, r);
      }
      for (int i = 0; i < r.length; i++) {
        r[i] = f.applyAsDouble(x[i], y[i]);
      }
    } else if (b.size() == 1 && a.shape().equals(out)) {
      double c = y[0];
      if (FastLoops.zipScalar(f, x, c, r)) {
        return Tensor.wrap(out, r);
      }
      for (int i = 0; i < r.length; i++) {
        r[i] = f.applyAsDouble(x[i], c);
      }
    } else if (a.size() == 1 && b.shape().equals(out)) {
      double c = x[0];
      for (int i = 0; i < r.length; i++) {
        r[i] = f.applyAsDouble(c, y[i]);
      }
    } else if (a.shape().equals(out)) {
      zipBlocks(f, x, y, Blocks.of(b.shape(), out), r, false);
    } else if (b.shape().equals(out)) {
      zipBlocks(f, y, x, Blocks.of(a.shape(), out), r, true);
    } else {
      int[] ia = indexMap(a.shape(), out);
      int[] ib = indexMap(b.shape(), out);
      for (int i = 0; i < r.length; i++) {
        r[i] = f.applyAsDouble(x[ia[i]], y[ib[i]]);
      }
    }
    return Tensor.wrap(out, r);
  }

  /**
   * {@code r[i] = f(x[i], y[..])} (or {@code f(y[..], x[i])} if {@code swapped}) where {@code x} has
   * the output shape and {@code y} is broadcast by {@code blocks}.
   */
  private static void zipBlocks(DoubleBinaryOperator f, double[] x, double[] y, Blocks blocks, double[] r,
      boolean swapped) {
    int inner = blocks.inner();
    int[] outer = blocks.outer();
    for (int o = 0; o < outer.length; o++) {
      int base = o * inner;
      int j = outer[o];
      if (blocks.repeat()) {
        double c = y[j];
        if (!swapped && FastLoops.zipScalarRange(f, x, base, c, r, inner)) {
          continue;
        }
        for (int q = base; q < base + inner; q++) {
          r[q] = swapped ? f.applyAsDouble(c, x[q]) : f.applyAsDouble(x[q], c);
        }
      } else if (!swapped && FastLoops.zipRange(f, x, base, y, j, r, inner)) {
        continue;
      } else {
        for (int q = 0; q < inner; q++) {
          r[base + q] = swapped ? f.applyAsDouble(y[j + q], x[base + q]) : f.applyAsDouble(x[base + q], y[j + q]);
        }
      }
    }
  }

  static Tensor where(Tensor c, Tensor a, Tensor b) {
    Shape out = broadcastShape("where", broadcastShape("where", c.shape(), a.shape()), b.shape());
    if (c.shape().equals(out) && a.shape().equals(out) && b.shape().equals(out)) {
      double[] cc = c.raw();
      double[] aa = a.raw();
      double[] bb = b.raw();
      double[] r = new double[out.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = cc[i] != 0 ? aa[i] : bb[i];
      }
      return Tensor.wrap(out, r);
    }
    int[] ic = indexMap(c.shape(), out);
    int[] ia = indexMap(a.shape(), out);
    int[] ib = indexMap(b.shape(), out);
    double[] r = new double[out.size()];
    double[] cc = c.raw();
    double[] aa = a.raw();
    double[] bb = b.raw();
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
    double[] x = t.raw();
    double[] r = new double[target.size()];
    int inner = blocks.inner();
    int[] outer = blocks.outer();
    for (int o = 0; o < outer.length; o++) {
      if (blocks.repeat()) {
        java.util.Arrays.fill(r, o * inner, (o + 1) * inner, x[outer[o]]);
      } else {
        System.arraycopy(x, outer[o], r, o * inner, inner);
      }
    }
    return Tensor.wrap(target, r);
  }

  private static Shape broadcastShape(String op, Shape a, Shape b) {
    try {
      return Shape.broadcast(a, b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
  }

  /**
   * For each flat index of {@code out}, the flat index of the element of {@code in} that
   * broadcasting reads. {@code in} must broadcast to {@code out}.
   */
  static int[] indexMap(Shape in, Shape out) {
    int r = out.rank();
    int off = r - in.rank();
    int[] inStrides = in.strides();
    int[] bs = new int[r];
    int[] od = out.toArray();
    for (int i = 0; i < in.rank(); i++) {
      bs[i + off] = in.dim(i) == 1 ? 0 : inStrides[i];
    }
    int[] map = new int[out.size()];
    int[] counter = new int[r];
    int pos = 0;
    for (int i = 0; i < map.length; i++) {
      map[i] = pos;
      for (int ax = r - 1; ax >= 0; ax--) {
        counter[ax]++;
        pos += bs[ax];
        if (counter[ax] < od[ax]) {
          break;
        }
        pos -= bs[ax] * counter[ax];
        counter[ax] = 0;
      }
    }
    return map;
  }
}
