package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * {@code n} rows of one shape stored row-major in one private array: the storage behind
 * {@link Dataset}. Immutable: the array is never exposed and never written after construction.
 * float64 rows live in a {@code double[]}, float32 rows in a {@code float[]} (half the memory);
 * the tensors they make have their dtype.
 */
final class Rows {
  private final double @Nullable [] wide;
  private final float @Nullable [] narrow;
  private final Shape row;
  private final int n;
  private final int width;

  private Rows(double @Nullable [] wide, float @Nullable [] narrow, Shape row, int n) {
    this.wide = wide;
    this.narrow = narrow;
    this.row = row;
    this.n = n;
    this.width = row.size();
  }

  /** Takes ownership of {@code data} (the caller must drop it): {@code n} float64 rows of shape {@code row}. */
  static Rows own(double[] data, Shape row, int n) {
    check(data.length, row, n);
    return new Rows(data, null, row, n);
  }

  /** Takes ownership of {@code data} (the caller must drop it): {@code n} float32 rows of shape {@code row}. */
  static Rows own(float[] data, Shape row, int n) {
    check(data.length, row, n);
    return new Rows(null, data, row, n);
  }

  private static void check(int length, Shape row, int n) {
    if ((long) row.size() * n != length) {
      throw new IllegalArgumentException(length + " values do not fill " + n + " rows of shape " + row);
    }
  }

  /** The rows of a tensor of rank {@code >= 1} along axis 0 (copies), in its dtype. */
  static Rows of(Tensor t, String name) {
    if (t.rank() < 1) {
      throw new IllegalArgumentException(name + " must have rank >= 1 (axis 0 indexes examples), got shape "
          + t.shape());
    }
    int[] dims = t.shape().toArray();
    Shape row = Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
    return t.dtype() == DType.FLOAT32 ? new Rows(null, t.toFloatArray(), row, dims[0])
        : new Rows(t.toArray(), null, row, dims[0]);
  }

  DType dtype() {
    return narrow != null ? DType.FLOAT32 : DType.FLOAT64;
  }

  /** These rows in {@code target}: themselves if they have it, else a copy (float64 to float32 rounds to nearest). */
  Rows cast(DType target) {
    if (target == dtype()) {
      return this;
    }
    if (narrow != null) {
      double[] out = new double[narrow.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = narrow[i];
      }
      return new Rows(out, null, row, n);
    }
    double[] d = wide();
    float[] out = new float[d.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) d[i];
    }
    return new Rows(null, out, row, n);
  }

  int count() {
    return n;
  }

  Shape rowShape() {
    return row;
  }

  /** The shape {@code [n, row...]} of all rows together. */
  Shape shape() {
    return prepend(n, row);
  }

  /** Row {@code i} as a fresh tensor of the row shape; {@code i} must already be checked. */
  Tensor row(int i) {
    return narrow != null ? Tensor.of(Arrays.copyOfRange(narrow, i * width, (i + 1) * width), row)
        : Tensor.of(Arrays.copyOfRange(wide(), i * width, (i + 1) * width), row);
  }

  /** Element {@code j} of row {@code i} without allocating. */
  double at(int i, int j) {
    return narrow != null ? narrow[i * width + j] : wide()[i * width + j];
  }

  /** All rows as one fresh tensor of shape {@code [n, row...]}. */
  Tensor tensor() {
    return narrow != null ? Tensor.of(narrow, shape()) : Tensor.of(wide(), shape());
  }

  /** The rows at {@code indices} (already checked), in that order, as a tensor {@code [k, row...]}. */
  Tensor gatherTensor(int[] indices) {
    Shape s = prepend(indices.length, row);
    return narrow != null ? Tensor.of(gatherFloats(indices), s) : Tensor.of(gatherDoubles(indices), s);
  }

  /** The rows at {@code indices} (already checked), in that order. */
  Rows gather(int[] indices) {
    return narrow != null ? new Rows(null, gatherFloats(indices), row, indices.length)
        : new Rows(gatherDoubles(indices), null, row, indices.length);
  }

  /** The first {@code k <= n} rows. */
  Rows head(int k) {
    return narrow != null ? new Rows(null, Arrays.copyOf(narrow, k * width), row, k)
        : new Rows(Arrays.copyOf(wide(), k * width), null, row, k);
  }

  /** These rows followed by {@code other}'s; the row shapes and dtypes must agree. */
  Rows concat(Rows other, String name) {
    if (!row.equals(other.row)) {
      throw new IllegalArgumentException("concat: " + name + " row shapes differ: " + row + " vs " + other.row);
    }
    if (dtype() != other.dtype()) {
      throw new IllegalArgumentException("concat: " + name + " dtypes differ: " + dtype() + " vs " + other.dtype()
          + "; cast one dataset first");
    }
    if (narrow != null) {
      float[] out = Arrays.copyOf(narrow, narrow.length + other.narrow.length);
      System.arraycopy(other.narrow, 0, out, narrow.length, other.narrow.length);
      return new Rows(null, out, row, n + other.n);
    }
    double[] mine = wide();
    double[] theirs = other.wide();
    double[] out = Arrays.copyOf(mine, mine.length + theirs.length);
    System.arraycopy(theirs, 0, out, mine.length, theirs.length);
    return new Rows(out, null, row, n + other.n);
  }

  private double[] wide() {
    if (wide == null) {
      throw new IllegalStateException("float32 rows have no double storage");
    }
    return wide;
  }

  private double[] gatherDoubles(int[] indices) {
    double[] d = wide();
    double[] out = new double[Math.multiplyExact(indices.length, width)];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(d, indices[k] * width, out, k * width, width);
    }
    return out;
  }

  private float[] gatherFloats(int[] indices) {
    float[] out = new float[Math.multiplyExact(indices.length, width)];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(narrow, indices[k] * width, out, k * width, width);
    }
    return out;
  }

  static Shape prepend(int first, Shape rest) {
    int[] dims = new int[rest.rank() + 1];
    dims[0] = first;
    System.arraycopy(rest.toArray(), 0, dims, 1, rest.rank());
    return Shape.of(dims);
  }

  /** Accumulates rows of one shape and dtype (fixed by the first row) into a growing array of that dtype. */
  static final class Builder {
    private final String name;
    private @Nullable Shape row;
    private DType dtype = DType.FLOAT64;
    private double[] buf = new double[0];
    private float[] floats = new float[0];
    private int n;

    Builder(String name) {
      this.name = name;
    }

    void add(Tensor t, int index) {
      if (row == null) {
        row = t.shape();
        dtype = t.dtype();
      } else if (!row.equals(t.shape())) {
        throw new IllegalArgumentException(name + " of example " + index + " has shape " + t.shape()
            + ", but earlier examples have shape " + row);
      }
      int w = row.size();
      int need = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16L * w, (long) (n + 1) * w));
      if (dtype == DType.FLOAT32) {
        if (need > floats.length) {
          floats = Arrays.copyOf(floats, Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8, 2L * floats.length)));
        }
        System.arraycopy(t.cast(DType.FLOAT32).toFloatArray(), 0, floats, n * w, w);
      } else {
        if (need > buf.length) {
          buf = Arrays.copyOf(buf, Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buf.length)));
        }
        System.arraycopy(t.toArray(), 0, buf, n * w, w);
      }
      n++;
    }

    /** {@return whether a row was added} */
    boolean seen() {
      return row != null;
    }

    /** {@return the dtype of the first row added (float64 before any)} */
    DType dtype() {
      return dtype;
    }

    /** The rows so far, in the first row's dtype; {@code fallback} is the row shape when no row was added. */
    Rows build(Shape fallback) {
      Shape r = row == null ? fallback : row;
      return dtype == DType.FLOAT32 ? new Rows(null, Arrays.copyOf(floats, n * r.size()), r, n)
          : new Rows(Arrays.copyOf(buf, n * r.size()), null, r, n);
    }
  }
}
