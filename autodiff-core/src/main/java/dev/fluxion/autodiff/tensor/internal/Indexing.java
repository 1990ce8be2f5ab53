package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Indexing by int32 tensors: {@code gather} (NumPy's {@code take} along one axis), its adjoint
 * {@code scatterAdd}, and conversions to and from int32.
 *
 * <p>For {@code x} of shape {@code pre ++ [n] ++ post} (the axis of size {@code n}) and indices of
 * shape {@code I}, {@code gather} has shape {@code pre ++ I ++ post} and copies each selected slice;
 * {@code scatterAdd} maps that shape back to {@code pre ++ [size] ++ post}, adding the slices that
 * share an index in the order of their positions in {@code I} (fixed, so the bits never depend on
 * threads). Both cost O(output), not O(n): an embedding lookup costs {@code batch × dim}.
 */
public final class Indexing {
  private Indexing() {}

  /**
   * {@return the shape {@code x[:axis] ++ indices ++ x[axis+1:]} of {@code gather}}
   *
   * @param axis in {@code [0, x.rank())}: see {@link #axis}
   * @throws IllegalArgumentException if the axis is out of range
   */
  public static Shape gatherShape(Shape x, Shape indices, int axis) {
    if (axis < 0 || axis >= x.rank()) {
      throw new IllegalArgumentException("gather: axis " + axis + " is out of range for shape " + x);
    }
    int[] d = new int[x.rank() - 1 + indices.rank()];
    int k = 0;
    for (int i = 0; i < axis; i++) {
      d[k++] = x.dim(i);
    }
    for (int i = 0; i < indices.rank(); i++) {
      d[k++] = indices.dim(i);
    }
    for (int i = axis + 1; i < x.rank(); i++) {
      d[k++] = x.dim(i);
    }
    return Shape.of(d);
  }

  /**
   * {@return {@code axis} in {@code [0, rank)}: a negative axis counts from the end}
   *
   * @param op the operation, for the message
   * @throws IllegalArgumentException naming the op, the axis and the shape if it is out of {@code [-rank, rank)}
   */
  public static int axis(String op, Shape x, int axis) {
    int a = axis < 0 ? axis + x.rank() : axis;
    if (a < 0 || a >= x.rank()) {
      throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + x);
    }
    return a;
  }

  /**
   * {@return the shape {@code updates[:axis] ++ [size] ++ updates[axis+indices.rank():]} of {@code scatterAdd}}
   *
   * @param updates shape {@code pre ++ indices ++ post}
   * @param axis where the indices' axes start in {@code updates}, {@code >= 0}
   * @param size the length of the output's axis, {@code >= 0}
   * @throws IllegalArgumentException if {@code updates} does not hold the indices' shape at {@code axis}
   */
  public static Shape scatterShape(Shape updates, Shape indices, int axis, int size) {
    int r = indices.rank();
    boolean fits = axis >= 0 && size >= 0 && axis + r <= updates.rank();
    for (int i = 0; fits && i < r; i++) {
      fits = updates.dim(axis + i) == indices.dim(i);
    }
    if (!fits) {
      throw new IllegalArgumentException("scatterAdd: updates of shape " + updates + " do not hold indices of shape "
          + indices + " at axis " + axis + " (or size " + size + " < 0)");
    }
    int[] d = new int[updates.rank() - r + 1];
    int k = 0;
    for (int i = 0; i < axis; i++) {
      d[k++] = updates.dim(i);
    }
    d[k++] = size;
    for (int i = axis + r; i < updates.rank(); i++) {
      d[k++] = updates.dim(i);
    }
    return Shape.of(d);
  }

  /**
   * {@return {@code x} read at {@code indices} along {@code axis}: NumPy's {@code take(x, indices, axis)}}
   *
   * @param x any dtype (int32 too: gathering indices), rank ≥ 1
   * @param indices int32, any shape, every element in {@code [0, x.dim(axis))}
   * @param axis in {@code [0, x.rank())}
   * @throws IllegalArgumentException naming the position and value of an index out of range, or if
   *     {@code indices} is not int32
   */
  public static Tensor gather(Tensor x, Tensor indices, int axis) {
    Shape out = gatherShape(x.shape(), indices.shape(), axis);
    int[] idx = Storage.ints(indices);
    int n = x.shape().dim(axis);
    int inner = inner(x.shape(), axis + 1);
    int outer = prefix(x.shape(), axis);
    checkRange("gather", idx, n);
    return switch (x.dtype()) {
      case FLOAT64 -> Storage.wrap(out, (double[]) take(Storage.raw(x), new double[out.size()], idx, outer, n, inner));
      case FLOAT32 -> Storage.wrap(out, (float[]) take(Storage.floats(x), new float[out.size()], idx, outer, n, inner));
      case INT32 -> Storage.wrap(out, (int[]) take(Storage.ints(x), new int[out.size()], idx, outer, n, inner));
    };
  }

  /** Copies the slices {@code src[o, idx[j], :]} to {@code dst} in order; {@code src} and {@code dst} are arrays of one type. */
  private static Object take(Object src, Object dst, int[] idx, int outer, int n, int inner) {
    for (int o = 0, w = 0; o < outer; o++) {
      for (int j : idx) {
        System.arraycopy(src, (o * n + j) * inner, dst, w, inner);
        w += inner;
      }
    }
    return dst;
  }

  /**
   * {@return zeros of shape {@link #scatterShape} with each slice of {@code updates} added at its index:
   * the adjoint of {@link #gather}}
   *
   * @param updates float64 or float32, shape {@code pre ++ indices ++ post} with {@code pre} of rank {@code axis}
   * @param indices int32, every element in {@code [0, size)}
   * @param size the length of the output's axis
   * @throws IllegalArgumentException naming the position and value of an index out of range, or if
   *     the shapes do not fit
   */
  public static Tensor scatterAdd(Tensor updates, Tensor indices, int axis, int size) {
    Shape out = scatterShape(updates.shape(), indices.shape(), axis, size);
    int[] idx = Storage.ints(indices);
    checkRange("scatterAdd", idx, size);
    int inner = inner(updates.shape(), axis + indices.rank());
    int outer = prefix(updates.shape(), axis);
    if (updates.dtype() == DType.FLOAT32) {
      float[] src = Storage.floats(updates);
      float[] dst = new float[out.size()];
      for (int o = 0, r = 0; o < outer; o++) {
        for (int j : idx) {
          int w = (o * size + j) * inner;
          for (int e = 0; e < inner; e++) {
            dst[w + e] += src[r + e];
          }
          r += inner;
        }
      }
      return Storage.wrap(out, dst);
    }
    double[] src = Storage.raw(updates);
    double[] dst = new double[out.size()];
    for (int o = 0, r = 0; o < outer; o++) {
      for (int j : idx) {
        int w = (o * size + j) * inner;
        for (int e = 0; e < inner; e++) {
          dst[w + e] += src[r + e];
        }
        r += inner;
      }
    }
    return Storage.wrap(out, dst);
  }

  /**
   * {@return {@code t} converted to {@code target} where one side is int32: ints widen (to float32
   * rounding beyond {@code 2^24}); floats truncate toward zero}
   *
   * @throws IllegalArgumentException naming the flat index and value of a NaN, infinite or out-of-range element
   */
  public static Tensor cast(Tensor t, DType target) {
    if (t.dtype() == DType.INT32) {
      int[] v = Storage.ints(t);
      if (target == DType.FLOAT32) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          f[i] = v[i];
        }
        return Storage.wrap(t.shape(), f);
      }
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        d[i] = v[i];
      }
      return Storage.wrap(t.shape(), d);
    }
    double[] d = t.dtype() == DType.FLOAT32 ? t.toArray() : Storage.raw(t);
    int[] v = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      v[i] = toIndex(d[i], "cast to int32", i);
    }
    return Storage.wrap(t.shape(), v);
  }

  /**
   * {@return {@code v} truncated toward zero to an int}
   *
   * @param what the operation, for the message
   * @param at the element's flat index, for the message
   * @throws IllegalArgumentException if {@code v} is NaN, infinite or outside int32's range
   */
  public static int toIndex(double v, String what, int at) {
    if (!(v > Integer.MIN_VALUE - 1.0 && v < Integer.MAX_VALUE + 1.0)) {
      throw new IllegalArgumentException(what + ": element " + at + " is " + v + ", not in int32's range");
    }
    return (int) v;
  }

  private static void checkRange(String op, int[] idx, int n) {
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= n) {
        throw new IllegalArgumentException(op + ": index " + idx[i] + " at flat position " + i
            + " of the indices is out of range [0, " + n + ")");
      }
    }
  }

  private static int inner(Shape s, int from) {
    int p = 1;
    for (int i = from; i < s.rank(); i++) {
      p *= s.dim(i);
    }
    return p;
  }

  private static int prefix(Shape s, int to) {
    int p = 1;
    for (int i = 0; i < to; i++) {
      p *= s.dim(i);
    }
    return p;
  }
}
