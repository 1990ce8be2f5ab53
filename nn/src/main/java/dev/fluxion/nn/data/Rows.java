package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * {@code n} rows of one shape stored row-major in one private array: the storage behind
 * {@link Dataset}. Immutable: the array is never exposed and never written after construction.
 */
final class Rows {
  private final double[] data;
  private final Shape row;
  private final int n;
  private final int width;

  private Rows(double[] data, Shape row, int n) {
    this.data = data;
    this.row = row;
    this.n = n;
    this.width = row.size();
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
    return new Rows(t.toArray(), Shape.of(Arrays.copyOfRange(dims, 1, dims.length)), dims[0]);
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
    return Tensor.of(Arrays.copyOfRange(data, i * width, (i + 1) * width), row);
  }

  /** Element {@code j} of row {@code i} without allocating. */
  double at(int i, int j) {
    return data[i * width + j];
  }

  /** All rows as one fresh tensor of shape {@code [n, row...]}. */
  Tensor tensor() {
    return Tensor.of(data, shape());
  }

  /** The rows at {@code indices} (already checked), in that order, as a tensor {@code [k, row...]}. */
  Tensor gatherTensor(int[] indices) {
    return Tensor.of(gatherData(indices), prepend(indices.length, row));
  }

  /** The rows at {@code indices} (already checked), in that order. */
  Rows gather(int[] indices) {
    return new Rows(gatherData(indices), row, indices.length);
  }

  /** The first {@code k <= n} rows. */
  Rows head(int k) {
    return new Rows(Arrays.copyOf(data, k * width), row, k);
  }

  /** These rows followed by {@code other}'s; the row shapes must agree. */
  Rows concat(Rows other, String name) {
    if (!row.equals(other.row)) {
      throw new IllegalArgumentException("concat: " + name + " row shapes differ: " + row + " vs " + other.row);
    }
    double[] out = Arrays.copyOf(data, data.length + other.data.length);
    System.arraycopy(other.data, 0, out, data.length, other.data.length);
    return new Rows(out, row, n + other.n);
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
    private double[] buf = new double[0];
    private int n;

    Builder(String name) {
      this.name = name;
    }

    void add(Tensor t, int index) {
      if (row == null) {
        row = t.shape();
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

    /** The rows so far; {@code fallback} is the row shape when no row was added. */
    Rows build(Shape fallback) {
      Shape r = row == null ? fallback : row;
      return new Rows(Arrays.copyOf(buf, n * r.size()), r, n);
    }
  }
}
