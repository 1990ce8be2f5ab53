package dev.fluxion.autodiff.tensor;

import java.util.Arrays;

/**
 * Layout kernels: indexing, permute, slice, concat, stack; plain copies of the elements in either
 * dtype (a float32 tensor's floats are copied as floats, never widened).
 */
final class Layout {
  private Layout() {}

  static int offset(Shape shape, int[] index) {
    if (index.length != shape.rank()) {
      throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
          + " entries for a tensor of rank " + shape.rank() + " (shape " + shape + ")");
    }
    int off = 0;
    int[] strides = shape.strides();
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape.dim(i)) {
        throw new IllegalArgumentException("index " + Arrays.toString(index) + " is out of bounds for shape " + shape);
      }
      off += index[i] * strides[i];
    }
    return off;
  }

  static int[] swapLast(int rank) {
    int[] p = Reductions.allAxes(rank);
    p[rank - 1] = rank - 2;
    p[rank - 2] = rank - 1;
    return p;
  }

  /** Validates a permutation of {@code [0, rank)}. */
  static void checkPerm(Shape shape, int[] perm) {
    boolean[] seen = new boolean[shape.rank()];
    if (perm.length != shape.rank()) {
      throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the "
          + shape.rank() + " axes of " + shape);
    }
    for (int p : perm) {
      if (p < 0 || p >= perm.length || seen[p]) {
        throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the "
            + shape.rank() + " axes of " + shape);
      }
      seen[p] = true;
    }
  }

  static Shape permutedShape(Shape shape, int[] perm) {
    checkPerm(shape, perm);
    int[] d = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      d[i] = shape.dim(perm[i]);
    }
    return Shape.of(d);
  }

  static Tensor permute(Tensor t, int[] perm) {
    Shape out = permutedShape(t.shape(), perm);
    Permutation p = Permutation.of(t.shape(), perm);
    return t.dtype() == DType.FLOAT32 ? Tensor.wrap(out, p.apply(t.rawFloats())) : Tensor.wrap(out, p.apply(t.raw()));
  }

  /** Validates slice bounds and returns the output shape. */
  static Shape sliceShape(Shape in, int[] start, int[] stop, int[] step) {
    Checks.notNull(start, "start");
    Checks.notNull(stop, "stop");
    Checks.notNull(step, "step");
    int r = in.rank();
    if (start.length != r || stop.length != r || step.length != r) {
      throw new IllegalArgumentException("slice: start/stop/step need " + r + " entries for shape " + in);
    }
    int[] d = new int[r];
    for (int i = 0; i < r; i++) {
      if (step[i] <= 0 || start[i] < 0 || stop[i] > in.dim(i) || start[i] > stop[i]) {
        throw new IllegalArgumentException("slice: axis " + i + " range [" + start[i] + ":" + stop[i] + ":"
            + step[i] + "] is invalid for shape " + in);
      }
      d[i] = (stop[i] - start[i] + step[i] - 1) / step[i];
    }
    return Shape.of(d);
  }

  /** For each element of the slice, the flat offset it reads in the input. */
  private static int[] sliceOffsets(Shape in, Shape out, int[] start, int[] step) {
    int r = in.rank();
    int[] strides = in.strides();
    int base = 0;
    int[] s = new int[r];
    for (int i = 0; i < r; i++) {
      base += start[i] * strides[i];
      s[i] = step[i] * strides[i];
    }
    int[] offs = new int[out.size()];
    int[] od = out.toArray();
    int[] counter = new int[r];
    int pos = base;
    for (int i = 0; i < offs.length; i++) {
      offs[i] = pos;
      for (int ax = r - 1; ax >= 0; ax--) {
        counter[ax]++;
        pos += s[ax];
        if (counter[ax] < od[ax]) {
          break;
        }
        pos -= s[ax] * counter[ax];
        counter[ax] = 0;
      }
    }
    return offs;
  }

  static Tensor slice(Tensor t, int[] start, int[] stop, int[] step) {
    Shape out = sliceShape(t.shape(), start, stop, step);
    int[] offs = sliceOffsets(t.shape(), out, start, step);
    if (t.dtype() == DType.FLOAT32) {
      float[] x = t.rawFloats();
      float[] y = new float[offs.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = x[offs[i]];
      }
      return Tensor.wrap(out, y);
    }
    double[] x = t.raw();
    double[] y = new double[offs.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = x[offs[i]];
    }
    return Tensor.wrap(out, y);
  }

  static Tensor unslice(Tensor t, Shape target, int[] start, int[] step) {
    int r = target.rank();
    if (t.rank() != r || start.length != r || step.length != r) {
      throw new IllegalArgumentException("unslice: shape " + t.shape() + " does not fit into " + target
          + " at start " + Arrays.toString(start) + " step " + Arrays.toString(step));
    }
    int[] stop = new int[r];
    for (int i = 0; i < r; i++) {
      int n = t.shape().dim(i);
      stop[i] = n == 0 ? start[i] : (int) Math.min(target.dim(i), start[i] + (n - 1L) * step[i] + 1);
    }
    Shape expect = sliceShape(target, start, stop, step);
    if (!expect.equals(t.shape())) {
      throw new IllegalArgumentException("unslice: shape " + t.shape() + " does not fit into " + target
          + " at start " + Arrays.toString(start) + " step " + Arrays.toString(step));
    }
    int[] offs = sliceOffsets(target, expect, start, step);
    if (t.dtype() == DType.FLOAT32) {
      float[] x = t.rawFloats();
      float[] y = new float[target.size()];
      for (int i = 0; i < x.length; i++) {
        y[offs[i]] = x[i];
      }
      return Tensor.wrap(target, y);
    }
    double[] x = t.raw();
    double[] y = new double[target.size()];
    for (int i = 0; i < x.length; i++) {
      y[offs[i]] = x[i];
    }
    return Tensor.wrap(target, y);
  }

  static Tensor select(Tensor t, int axis, int index) {
    Shape in = t.shape();
    int a = in.normalizeAxis(axis);
    if (index < 0 || index >= in.dim(a)) {
      throw new IllegalArgumentException("select: index " + index + " is out of bounds for axis " + axis
          + " of shape " + in);
    }
    int[] start = new int[in.rank()];
    int[] stop = in.toArray();
    int[] step = new int[in.rank()];
    Arrays.fill(step, 1);
    start[a] = index;
    stop[a] = index + 1;
    return slice(t, start, stop, step).reshape(in.reduce(new int[] {a}, false));
  }

  static Shape concatShape(int axis, Shape[] shapes) {
    if (shapes.length == 0) {
      throw new IllegalArgumentException("concat: no tensors");
    }
    Shape first = Checks.notNull(shapes[0], "parts[0]");
    int a = first.normalizeAxis(axis);
    int total = 0;
    for (int i = 0; i < shapes.length; i++) {
      Shape s = Checks.notNull(shapes[i], "parts[" + i + "]");
      boolean ok = s.rank() == first.rank();
      for (int d = 0; ok && d < s.rank(); d++) {
        ok = d == a || s.dim(d) == first.dim(d);
      }
      if (!ok) {
        throw new IllegalArgumentException("concat: shape " + s + " (part " + i + ") does not match " + first
            + " outside axis " + axis);
      }
      total += s.dim(a);
    }
    int[] d = first.toArray();
    d[a] = total;
    return Shape.of(d);
  }

  static Tensor concat(int axis, Tensor[] parts) {
    Shape[] shapes = new Shape[parts.length];
    for (int i = 0; i < parts.length; i++) {
      shapes[i] = Checks.notNull(parts[i], "parts[" + i + "]").shape();
    }
    Shape out = concatShape(axis, shapes);
    int a = out.normalizeAxis(axis);
    int inner = out.strides()[a];
    int outer = 1;
    for (int d = 0; d < a; d++) {
      outer *= out.dim(d);
    }
    boolean f32 = parts[0].dtype() == DType.FLOAT32;
    Object y = f32 ? new float[out.size()] : new double[out.size()];
    int rowLen = out.dim(a) * inner;
    int colOff = 0;
    for (Tensor p : parts) {
      int len = p.shape().dim(a) * inner;
      Object x = f32 ? p.rawFloats() : p.raw();
      for (int o = 0; o < outer; o++) {
        System.arraycopy(x, o * len, y, o * rowLen + colOff, len);
      }
      colOff += len;
    }
    return f32 ? Tensor.wrap(out, (float[]) y) : Tensor.wrap(out, (double[]) y);
  }

  static Tensor stack(int axis, Tensor[] parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("stack: no tensors");
    }
    Shape s = Checks.notNull(parts[0], "parts[0]").shape();
    int a = axis < 0 ? axis + s.rank() + 1 : axis;
    if (a < 0 || a > s.rank()) {
      throw new IllegalArgumentException("stack: axis " + axis + " is out of range for shape " + s);
    }
    int[] d = new int[s.rank() + 1];
    for (int i = 0, j = 0; i < d.length; i++) {
      d[i] = i == a ? 1 : s.dim(j++);
    }
    Tensor[] expanded = new Tensor[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Tensor p = Checks.notNull(parts[i], "parts[" + i + "]");
      if (!p.shape().equals(s)) {
        throw new IllegalArgumentException("stack: shape " + p.shape() + " (part " + i + ") differs from " + s);
      }
      expanded[i] = p.reshape(Shape.of(d));
    }
    return concat(a, expanded);
  }
}
