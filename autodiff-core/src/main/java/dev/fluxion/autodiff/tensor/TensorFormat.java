package dev.fluxion.autodiff.tensor;

/** NumPy-like text for tensors, abbreviating large ones. */
final class TensorFormat {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;

  private TensorFormat() {}

  static String format(Tensor t) {
    StringBuilder sb = new StringBuilder();
    boolean abbreviate = t.size() > THRESHOLD;
    boolean f32 = t.dtype() == DType.FLOAT32;
    append(sb, t.toArray(), t.shape(), 0, 0, abbreviate, f32);
    if (t.rank() > 0) {
      sb.append(" shape=").append(t.shape());
    }
    if (t.dtype() != DType.FLOAT64) {
      sb.append(" dtype=").append(t.dtype());
    }
    return sb.toString();
  }

  /** One number, shortest round-trip form, {@code 1.0} printed as {@code 1}. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return v == 0 && 1 / v < 0 ? "-0.0" : Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** One float32 number, shortest float round-trip form, integers as in {@link #number(double)}. */
  static String number(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? number((double) v) : Float.toString(v);
  }

  private static void append(StringBuilder sb, double[] d, Shape s, int axis, int off, boolean abbrev,
      boolean f32) {
    if (axis == s.rank()) {
      sb.append(f32 ? number((float) d[off]) : number(d[off]));
      return;
    }
    int n = s.dim(axis);
    int stride = s.strides()[axis];
    sb.append('[');
    for (int i = 0; i < n; i++) {
      if (abbrev && n > 2 * EDGE && i == EDGE) {
        sb.append("..., ");
        i = n - EDGE - 1;
        continue;
      }
      append(sb, d, s, axis + 1, off + i * stride, abbrev, f32);
      if (i < n - 1) {
        sb.append(axis == s.rank() - 1 ? ", " : ",\n" + " ".repeat(axis + 1));
      }
    }
    sb.append(']');
  }
}
