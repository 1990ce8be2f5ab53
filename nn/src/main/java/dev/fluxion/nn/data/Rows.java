package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * {@code n} rows of one shape stored row-major in one private array: the storage behind
 * {@link Dataset}. Immutable: the array is never exposed and never written after construction.
 * The tensors it makes have its dtype; float32 rows hold values already rounded to float32.
 */
final class Rows {
  private final double[] data;
  private final Shape row;
  private final int n;
  private final int width;
  private final DType dtype;

  private Rows(double[] data, Shape row, int n, DType dtype) {
    this.data = data;
    this.row = row;
    this.n = n;
    this.width = row.size();
    this.dtype = dtype;
  }

  private Rows(double[] data, Shape row, int n) {
    this(data, row, n, DType.FLOAT64);
  }

  DType dtype() {
    return dtype;
  }

  /** These rows in {@code target}: themselves if they have it, else a copy rounded to it. */
  Rows cast(DType target) {
    if (target == dtype) {
      return this;
    }
    double[] out = data.clone();
    if (target == DType.FLOAT32) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) out[i];
      }
    }
    return new Rows(out, row, n, target);
  }

  /** A tensor of {@code shape} in this dtype holding {@code values[from, from + shape.size())}. */
  private Tensor make(double[] values, int from, Shape shape) {
    int size = shape.size();
    if (dtype == DType.FLOAT32) {
      float[] f = new float[size];
      for (int i = 0; i < size; i++) {
        f[i] = (float) values[from + i];
      }
      return Tensor.of(f, shape);
    }
    return Tensor.of(from == 0 && size == values.length ? values : Arrays.copyOfRange(values, from, from + size), shape);
  }

  /** Takes ownership of {@code data} (the caller must drop it): {@code n} rows of shape {@code row}. */
  static Rows own(double[] data, Shape row, int n) {
    if ((long) row.size() * n != data.length) {
      throw new IllegalArgumentException(data.length + " values do not fill " + n + " rows of shape " + row);
    }
    return new Rows(data, row, n);
  }

  /** The rows of a tensor of rank {@code >= 1} along axis 0 (copies). */
  static Rows of(Tensor t, String name) {
    if (t.rank() < 1) {
      throw new IllegalArgumentException(name + " must have rank >= 1 (axis 0 indexes examples), got shape "
          + t.shape());
    }
    int[] dims = t.shape().toArray();
    return new Rows(t.toArray(), Shape.of(Arrays.copyOfRange(dims, 1, dims.length)), dims[0], t.dtype());
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
    return make(data, i * width, row);
  }

  /** Element {@code j} of row {@code i} without allocating. */
  double at(int i, int j) {
    return data[i * width + j];
  }

  /** All rows as one fresh tensor of shape {@code [n, row...]}. */
  Tensor tensor() {
    return dtype == DType.FLOAT32 ? make(data, 0, shape()) : Tensor.of(data, shape());
  }

  /** The rows at {@code indices} (already checked), in that order, as a tensor {@code [k, row...]}. */
  Tensor gatherTensor(int[] indices) {
    if (dtype == DType.FLOAT32) {
      float[] out = new float[Math.multiplyExact(indices.length, width)];
      for (int k = 0; k < indices.length; k++) {
        for (int j = 0, from = indices[k] * width; j < width; j++) {
          out[k * width + j] = (float) data[from + j];
        }
      }
      return Tensor.of(out, prepend(indices.length, row));
    }
    return Tensor.of(gatherData(indices), prepend(indices.length, row));
  }

  /** The rows at {@code indices} (already checked), in that order. */
  Rows gather(int[] indices) {
    return new Rows(gatherData(indices), row, indices.length, dtype);
  }

  /** The first {@code k <= n} rows. */
  Rows head(int k) {
    return new Rows(Arrays.copyOf(data, k * width), row, k, dtype);
  }

  /** These rows followed by {@code other}'s; the row shapes must agree. */
  Rows concat(Rows other, String name) {
    if (!row.equals(other.row)) {
      throw new IllegalArgumentException("concat: " + name + " row shapes differ: " + row + " vs " + other.row);
    }
    if (dtype != other.dtype) {
      throw new IllegalArgumentException("concat: " + name + " dtypes differ: " + dtype + " vs " + other.dtype
          + "; cast one dataset first");
    }
    double[] out = Arrays.copyOf(data, data.length + other.data.length);
    System.arraycopy(other.data, 0, out, data.length, other.data.length);
    return new Rows(out, row, n + other.n, dtype);
  }

  private double[] gatherData(int[] indices) {
    double[] out = new double[Math.multiplyExact(indices.length, width)];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(data, indices[k] * width, out, k * width, width);
    }
    return out;
  }

  static Shape prepend(int first, Shape rest) {
    int[] dims = new int[rest.rank() + 1];
    dims[0] = first;
    System.arraycopy(rest.toArray(), 0, dims, 1, rest.rank());
    return Shape.of(dims);
  }

  /** Accumulates rows of one shape (fixed by the first row) into a growing array. */
  static final class Builder {
    private final String name;
    private @Nullable Shape row;
    private DType dtype = DType.FLOAT64;
    private double[] buf = new double[0];
    private int n;

    Builder(String name) {
      this.name = name;
    }

    void add(Tensor t, int index) {
      if (row == null) {
        row = t.shape();
        dtype = t.dtype();
        buf = new double[Math.max(16, row.size() * 16)];
      } else if (!row.equals(t.shape())) {
        throw new IllegalArgumentException(name + " of example " + index + " has shape " + t.shape()
            + ", but earlier examples have shape " + row);
      }
      int w = row.size();
      if ((long) (n + 1) * w > buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * buf.length, (long) (n + 1) * w)));
      }
      System.arraycopy(t.toArray(), 0, buf, n * w, w);
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

    /** The rows so far; {@code fallback} is the row shape when no row was added. */
    Rows build(Shape fallback) {
      Shape r = row == null ? fallback : row;
      return new Rows(Arrays.copyOf(buf, n * r.size()), r, n, DType.FLOAT64).cast(dtype);
    }
  }
}
