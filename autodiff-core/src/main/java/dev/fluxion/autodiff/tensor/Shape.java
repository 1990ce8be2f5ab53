package dev.fluxion.autodiff.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, row-major: {@code [d0, d1, ..., d(r-1)]}; a scalar has rank 0.
 *
 * <p>Immutable: the dimensions are copied in and out. Every dimension is {@code >= 0}.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0]);
  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    this.dims = dims;
    long n = 1;
    for (int d : dims) {
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
      }
    }
    this.size = (int) n;
  }

  /**
   * {@return A shape with the given dimensions}
   *
   * @param dims each {@code >= 0}; copied
   * @throws IllegalArgumentException if a dimension is negative or the size overflows an int
   */
  public static Shape of(int... dims) {
    if (dims == null) {
      throw new IllegalArgumentException("dims is null");
    }
    if (dims.length == 0) {
      return SCALAR;
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(dims) + ": dimension " + i + " is negative");
      }
    }
    return new Shape(dims.clone());
  }

  /** {@return the rank-0 shape {@code []} of a scalar} */
  public static Shape scalar() {
    return SCALAR;
  }

  /** {@return the number of dimensions} */
  public int rank() {
    return dims.length;
  }

  /** {@return the number of elements: the product of the dimensions (1 for a scalar)} */
  public int size() {
    return size;
  }

  /**
   * {@return dimension {@code axis}; negative axes count from the end}
   *
   * @param axis in {@code [-rank, rank)}
   * @throws IllegalArgumentException if the axis is out of range
   */
  public int dim(int axis) {
    return dims[normalizeAxis(axis)];
  }

  /** {@return A fresh copy of the dimensions} */
  public int[] toArray() {
    return dims.clone();
  }

  /** {@return true for rank 0} */
  public boolean isScalar() {
    return dims.length == 0;
  }

  /**
   * Maps a possibly negative axis into {@code [0, rank)}.
   *
   * @param axis an axis in {@code [-rank, rank)}; negative ones count from the end
   * @return the axis in {@code [0, rank)}
   * @throws IllegalArgumentException if the axis is outside {@code [-rank, rank)}
   */
  public int normalizeAxis(int axis) {
    int r = dims.length;
    int a = axis < 0 ? axis + r : axis;
    if (a < 0 || a >= r) {
      throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
    }
    return a;
  }

  /** {@return Row-major strides: {@code stride[i] = prod(dims[i+1..])}} */
  public int[] strides() {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  /**
   * {@return the NumPy broadcast of two shapes: align right, each pair of dimensions equal or one of them 1}
   *
   * @param a any shape
   * @param b any shape
   * @throws IllegalArgumentException naming both shapes if they do not broadcast
   */
  public static Shape broadcast(Shape a, Shape b) {
    Checks.notNull(a, "a");
    Checks.notNull(b, "b");
    if (a.equals(b)) {
      return a;
    }
    int r = Math.max(a.rank(), b.rank());
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
      int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast: dimension "
            + da + " vs " + db);
      }
      out[i] = da == 1 ? db : da;
    }
    return new Shape(out);
  }

  /**
   * {@return true if this shape broadcasts to {@code target} (NumPy rules, one direction)}
   *
   * @param target any shape
   */
  public boolean broadcastsTo(Shape target) {
    Checks.notNull(target, "target");
    if (rank() > target.rank()) {
      return false;
    }
    int off = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      if (dims[i] != 1 && dims[i] != target.dims[i + off]) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@return this shape with {@code axes} removed (or set to 1 when {@code keepDims})}
   *
   * @param axes each in {@code [-rank, rank)}, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public Shape reduce(int[] axes, boolean keepDims) {
    boolean[] drop = axisMask(axes);
    int[] out = new int[keepDims ? rank() : rank() - count(drop)];
    for (int i = 0, j = 0; i < rank(); i++) {
      if (!drop[i]) {
        out[j++] = dims[i];
      } else if (keepDims) {
        out[j++] = 1;
      }
    }
    return of(out);
  }

  /**
   * {@return the shape with dimensions {@code dims} and this shape's size; one dimension may be
   * {@code -1}, inferred from the others (NumPy's {@code reshape} rule)}
   *
   * @param dims each {@code >= 0}, or one {@code -1}; not modified
   * @throws IllegalArgumentException if a dimension is below -1, there is more than one -1, or the
   *     sizes differ
   */
  public Shape reshaped(int... dims) {
    Checks.notNull(dims, "dims");
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(dims));
        }
        unknown = i;
      } else if (dims[i] < 0) {
        throw new IllegalArgumentException("reshape: negative dimension in " + Arrays.toString(dims));
      } else {
        known *= dims[i];
      }
    }
    int[] out = dims.clone();
    if (unknown >= 0) {
      if (known == 0 || size % known != 0) {
        throw new IllegalArgumentException("reshape: cannot reshape " + this + " to " + Arrays.toString(dims));
      }
      out[unknown] = (int) (size / known);
    }
    Shape s = of(out);
    if (s.size != size) {
      throw new IllegalArgumentException("reshape: cannot reshape " + this + " to " + s);
    }
    return s;
  }

  /**
   * {@return A mask over this shape's axes: true for each axis listed (negative axes allowed)}
   *
   * @param axes each in {@code [-rank, rank)}, no repeats
   * @throws IllegalArgumentException if an axis is out of range or repeated
   */
  public boolean[] axisMask(int[] axes) {
    Checks.notNull(axes, "axes");
    boolean[] mask = new boolean[rank()];
    for (int axis : axes) {
      int a = normalizeAxis(axis);
      if (mask[a]) {
        throw new IllegalArgumentException("axis " + axis + " repeated in " + Arrays.toString(axes));
      }
      mask[a] = true;
    }
    return mask;
  }

  private static int count(boolean[] m) {
    int c = 0;
    for (boolean b : m) {
      c += b ? 1 : 0;
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** {@code [2, 3]}; a scalar prints as {@code []}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
