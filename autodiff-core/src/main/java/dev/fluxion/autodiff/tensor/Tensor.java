package dev.fluxion.autodiff.tensor;

import dev.fluxion.autodiff.tensor.internal.Indexing;
import dev.fluxion.autodiff.tensor.internal.Scalars;
import dev.fluxion.autodiff.tensor.internal.Storage;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An immutable n-dimensional array of float64 or float32 values, or int32 indices ({@link DType}),
 * in row-major order; a scalar has rank 0.
 *
 * <p>Factories make float64 tensors unless they take a {@link DType} or a {@code float[]};
 * {@link #cast} converts. Every operation returns its operands' dtype and throws
 * {@link IllegalArgumentException} naming both dtypes when they differ; accessors such as
 * {@link #get} and {@link #toArray} widen float32 values to {@code double} exactly. A float32
 * operation gives the float32 rounding of its float64 result: exactly IEEE float32 arithmetic for
 * {@code + - * /} and square root, and sums accumulated in float64 then rounded once. The
 * exception, deliberate (it is what SGEMM does, and what makes float32 fast): the matrix products
 * {@link #matmul}, {@link #matmulTransposed}, {@link #transposedMatmul} and the convolutions built
 * on them accumulate in float32, each element the float32 FMA chain over the inner dimension in a
 * fixed order, so they differ from the rounded float64 product by a few ulps growing like
 * {@code sqrt(k)}; {@code matmul(b.transpose())} and {@code matmulTransposed(b)} still agree bit for
 * bit.
 *
 * <p>An int32 tensor holds indices for {@link #gather} and {@link #scatterAdd}: it can be reshaped,
 * cast, read and compared with {@link #equals}; every arithmetic operation on it throws
 * {@link IllegalArgumentException} saying to cast it first.
 *
 * <p>Binary operations follow NumPy broadcasting. No method exposes or accepts an array that
 * aliases the internal storage: factories copy in, accessors copy out. Being immutable, a tensor
 * is safe to share between threads.
 */
public final class Tensor {
  private final Shape shape;
  private final double @Nullable [] data;
  private final float @Nullable [] floats;
  private final int @Nullable [] ints;

  static {
    Storage.install(new Storage.Access() {
      @Override
      public double[] raw(Tensor t) {
        return t.raw();
      }

      @Override
      public Tensor wrap(Shape shape, double[] data) {
        return new Tensor(shape, data);
      }

      @Override
      public float[] floats(Tensor t) {
        return t.rawFloats();
      }

      @Override
      public Tensor wrap(Shape shape, float[] data) {
        return new Tensor(shape, data);
      }

      @Override
      public int[] ints(Tensor t) {
        return t.rawInts();
      }

      @Override
      public Tensor wrap(Shape shape, int[] data) {
        return new Tensor(shape, data);
      }

      @Override
      public void multiply(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff,
          int brs, int bcs, double[] c, int cOff, boolean threads) {
        GemmKernel.multiply(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, threads);
      }

      @Override
      public void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
          int brs, int bcs, float[] c, int cOff, boolean threads) {
        GemmKernel.multiply(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, threads);
      }
    });
  }

  private Tensor(Shape shape, double[] data) {
    this.shape = shape;
    this.data = data;
    this.floats = null;
    this.ints = null;
  }

  private Tensor(Shape shape, float[] floats) {
    this.shape = shape;
    this.data = null;
    this.floats = floats;
    this.ints = null;
  }

  private Tensor(Shape shape, int[] ints) {
    this.shape = shape;
    this.data = null;
    this.floats = null;
    this.ints = ints;
  }

  /** Wraps a fresh array owned by the caller, which must never touch it again (kernels only). */
  static Tensor wrap(Shape shape, double[] data) {
    return new Tensor(shape, data);
  }

  /** Wraps a fresh float32 array owned by the caller, which must never touch it again (kernels only). */
  static Tensor wrap(Shape shape, float[] data) {
    return new Tensor(shape, data);
  }

  /** Wraps a fresh int32 array owned by the caller, which must never touch it again (kernels only). */
  static Tensor wrap(Shape shape, int[] data) {
    return new Tensor(shape, data);
  }

  /** The float64 backing array, for kernels in this package only; never mutate it. */
  double[] raw() {
    if (data == null) {
      throw notFloat(DType.FLOAT64);
    }
    return data;
  }

  /** The float32 backing array, for kernels in this package only; never mutate it. */
  float[] rawFloats() {
    if (floats == null) {
      throw notFloat(DType.FLOAT32);
    }
    return floats;
  }

  /** The int32 backing array, for kernels in this package only; never mutate it. */
  int[] rawInts() {
    if (ints == null) {
      throw new IllegalArgumentException("indices must be an int32 tensor, not " + dtype() + " (shape " + shape
          + "): build them with Tensor.of(int[], ...) or cast(DType.INT32)");
    }
    return ints;
  }

  private RuntimeException notFloat(DType wanted) {
    if (ints != null) {
      return new IllegalArgumentException("an int32 tensor of shape " + shape + " holds indices, not " + wanted
          + " numbers: cast it with cast(DType." + wanted.name() + ") first");
    }
    return new IllegalStateException("a " + wanted + " kernel was handed a " + dtype() + " tensor of shape " + shape);
  }

  /** The exact float64 copy of a float32 tensor. */
  private Tensor wide() {
    return data != null ? this : cast(DType.FLOAT64);
  }

  /** This float64 result rounded to float32. */
  private Tensor narrow() {
    return cast(DType.FLOAT32);
  }

  /**
   * Whether this and {@code other} are float32; throws naming both dtypes if they differ, and if they
   * are int32 (indices, not numbers).
   */
  private boolean float32(String op, Tensor other) {
    if (dtype() != other.dtype()) {
      throw new IllegalArgumentException(op + ": dtypes " + dtype() + " and " + other.dtype()
          + " differ; cast one operand with cast(DType)");
    }
    if (ints != null) {
      throw new IllegalArgumentException(op + ": int32 tensors hold indices, not numbers; cast them with "
          + "cast(DType.FLOAT64) or cast(DType.FLOAT32) first");
    }
    return floats != null;
  }

  private Tensor zip(String op, Tensor other, DoubleBinaryOperator f) {
    Checks.notNull(other, "other");
    return float32(op, other) ? Elementwise32.zip(op, this, other, f) : Elementwise.zip(op, this, other, f);
  }

  private Tensor reduce(int[] axes, boolean keepDims, Reductions.Kind kind) {
    return floats != null ? Reductions32.reduce(this, axes, keepDims, kind) : Reductions.reduce(this, axes, keepDims, kind);
  }

  /** Checks that {@code parts} share one dtype; throws naming the first that differs. */
  private static void parts(Tensor[] parts) {
    Checks.notNull(parts, "parts");
    for (int i = 0; i < parts.length; i++) {
      Checks.notNull(parts[i], "parts[" + i + "]");
      if (i > 0) {
        parts[0].float32("parts[0] and parts[" + i + "]", parts[i]);
      }
    }
  }

  // ---------------------------------------------------------------- creation

  /**
   * {@return the rank-0 tensor holding {@code value}}
   *
   * @param value any double, NaN and infinities included
   */
  public static Tensor scalar(double value) {
    return new Tensor(Shape.scalar(), new double[] {value});
  }

  /**
   * {@return alias of {@link #scalar(double)}}
   *
   * @param value any double, NaN and infinities included
   */
  public static Tensor of(double value) {
    return scalar(value);
  }

  /**
   * {@return A tensor of the given shape holding a copy of {@code data} in row-major order}
   *
   * @param data {@code shape.size()} values; copied
   * @param shape non-negative dimensions
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public static Tensor of(double[] data, Shape shape) {
    Checks.notNull(data, "data");
    Checks.notNull(shape, "shape");
    if (data.length != shape.size()) {
      throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + shape
          + " (" + shape.size() + " elements)");
    }
    return new Tensor(shape, data.clone());
  }

  /**
   * {@return A tensor of shape {@code dims} holding a copy of {@code data}; see {@link #of(double[], Shape)}}
   *
   * @param data row-major values, as many as the dimensions' product; copied
   * @param dims non-negative dimensions; none for a scalar
   */
  public static Tensor of(double[] data, int... dims) {
    return of(data, Shape.of(dims));
  }

  /**
   * {@return A float32 tensor of the given shape holding a copy of {@code data} in row-major order}
   *
   * @param data {@code shape.size()} values; copied
   * @param shape non-negative dimensions
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public static Tensor of(float[] data, Shape shape) {
    Checks.notNull(data, "data");
    Checks.notNull(shape, "shape");
    if (data.length != shape.size()) {
      throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + shape
          + " (" + shape.size() + " elements)");
    }
    return new Tensor(shape, data.clone());
  }

  /**
   * {@return A float32 tensor of shape {@code dims} holding a copy of {@code data}; see {@link #of(float[], Shape)}}
   *
   * @param data row-major values, as many as the dimensions' product; copied
   * @param dims non-negative dimensions; none for a scalar
   */
  public static Tensor of(float[] data, int... dims) {
    return of(data, Shape.of(dims));
  }

  /**
   * {@return An int32 tensor of indices of the given shape holding a copy of {@code data} in row-major order}
   *
   * @param data {@code shape.size()} indices; copied
   * @param shape non-negative dimensions
   * @throws IllegalArgumentException if the length does not match the shape
   */
  public static Tensor of(int[] data, Shape shape) {
    Checks.notNull(data, "data");
    Checks.notNull(shape, "shape");
    if (data.length != shape.size()) {
      throw new IllegalArgumentException("Tensor.of: " + data.length + " indices do not fill shape " + shape
          + " (" + shape.size() + " elements)");
    }
    return new Tensor(shape, data.clone());
  }

  /**
   * {@return An int32 tensor of shape {@code dims} holding a copy of {@code data}; see {@link #of(int[], Shape)}}
   *
   * @param data row-major indices, as many as the dimensions' product; copied
   * @param dims non-negative dimensions; none for a scalar
   */
  public static Tensor of(int[] data, int... dims) {
    return of(data, Shape.of(dims));
  }

  /**
   * {@return A rank-1 tensor holding a copy of the values}
   *
   * @param values any length, zero included; copied
   */
  public static Tensor vector(double... values) {
    Checks.notNull(values, "values");
    return new Tensor(Shape.of(values.length), values.clone());
  }

  /**
   * {@return A rank-2 tensor from rows of equal length}
   *
   * @param rows at least one, all of one length; copied
   * @throws IllegalArgumentException if rows are ragged
   */
  public static Tensor matrix(double[]... rows) {
    Checks.notNull(rows, "rows");
    int m = rows.length;
    int n = m == 0 ? 0 : Checks.notNull(rows[0], "rows[0]").length;
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      Checks.notNull(rows[i], "rows[" + i + "]");
      if (rows[i].length != n) {
        throw new IllegalArgumentException("Tensor.matrix: row " + i + " has " + rows[i].length
            + " values, row 0 has " + n);
      }
      System.arraycopy(rows[i], 0, out, i * n, n);
    }
    return new Tensor(Shape.of(m, n), out);
  }

  /**
   * {@return all zeros}
   *
   * @param shape non-negative dimensions
   */
  public static Tensor zeros(Shape shape) {
    return new Tensor(Checks.notNull(shape, "shape"), new double[shape.size()]);
  }

  /**
   * {@return all zeros of dtype {@code dtype}}
   *
   * @param shape non-negative dimensions
   * @param dtype float64, float32 or int32
   */
  public static Tensor zeros(Shape shape, DType dtype) {
    Checks.notNull(shape, "shape");
    return switch (Checks.notNull(dtype, "dtype")) {
      case FLOAT64 -> zeros(shape);
      case FLOAT32 -> new Tensor(shape, new float[shape.size()]);
      case INT32 -> new Tensor(shape, new int[shape.size()]);
    };
  }

  /**
   * {@return all ones of dtype {@code dtype}}
   *
   * @param shape non-negative dimensions
   * @param dtype float64, float32 or int32
   */
  public static Tensor ones(Shape shape, DType dtype) {
    return full(shape, 1.0, dtype);
  }

  /**
   * {@return every element equal to {@code value} rounded to {@code dtype}}
   *
   * @param shape non-negative dimensions
   * @param value any double, NaN and infinities included; for int32 an integer in its range
   * @param dtype float64, float32 or int32
   * @throws IllegalArgumentException for int32 if {@code value} is not an int32 integer
   */
  public static Tensor full(Shape shape, double value, DType dtype) {
    Checks.notNull(shape, "shape");
    if (Checks.notNull(dtype, "dtype") == DType.FLOAT64) {
      return full(shape, value);
    }
    if (dtype == DType.INT32) {
      int[] n = new int[shape.size()];
      if (value != Math.rint(value)) {
        throw new IllegalArgumentException("Tensor.full: " + value + " is not an integer, as int32 needs");
      }
      Arrays.fill(n, Indexing.toIndex(value, "Tensor.full", 0));
      return new Tensor(shape, n);
    }
    float[] f = new float[shape.size()];
    Arrays.fill(f, (float) value);
    return new Tensor(shape, f);
  }

  /**
   * {@return the rank-0 tensor holding {@code value} rounded to {@code dtype}}
   *
   * @param value any double, NaN and infinities included; for int32 an integer in its range
   * @param dtype float64, float32 or int32
   */
  public static Tensor scalar(double value, DType dtype) {
    return full(Shape.scalar(), value, dtype);
  }

  /**
   * {@return all zeros of shape {@code dims}}
   *
   * @param dims non-negative dimensions; none for a scalar
   */
  public static Tensor zeros(int... dims) {
    return zeros(Shape.of(dims));
  }

  /**
   * {@return all ones}
   *
   * @param shape non-negative dimensions
   */
  public static Tensor ones(Shape shape) {
    return full(shape, 1.0);
  }

  /**
   * {@return all ones of shape {@code dims}}
   *
   * @param dims non-negative dimensions; none for a scalar
   */
  public static Tensor ones(int... dims) {
    return ones(Shape.of(dims));
  }

  /**
   * {@return every element equal to {@code value}}
   *
   * @param shape non-negative dimensions
   * @param value any double, NaN and infinities included
   */
  public static Tensor full(Shape shape, double value) {
    double[] d = new double[Checks.notNull(shape, "shape").size()];
    Arrays.fill(d, value);
    return new Tensor(shape, d);
  }

  /**
   * {@return {@code [0, 1, ..., n-1]}}
   *
   * @param n the length, {@code >= 0}
   */
  public static Tensor arange(int n) {
    return arange(0, n, 1);
  }

  /**
   * {@return {@code [start, start+step, ...]} up to but excluding {@code stop}}
   *
   * @param start the first value, finite
   * @param stop the end (exclusive), finite
   * @param step nonzero and finite; negative counts down
   * @throws IllegalArgumentException if {@code step == 0} or an argument is not finite
   */
  public static Tensor arange(double start, double stop, double step) {
    Checks.finite(start, "start");
    Checks.finite(stop, "stop");
    Checks.finite(step, "step");
    if (step == 0) {
      throw new IllegalArgumentException("arange: step is 0");
    }
    int n = (int) Math.max(0, Math.ceil((stop - start) / step));
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = start + i * step;
    }
    return new Tensor(Shape.of(n), d);
  }

  /**
   * {@return {@code n} evenly spaced values from {@code a} to {@code b} inclusive}
   *
   * @param a the first value
   * @param b the last value
   * @param n the number of values
   * @throws IllegalArgumentException if {@code n < 0} or an end is not finite
   */
  public static Tensor linspace(double a, double b, int n) {
    Checks.finite(a, "a");
    Checks.finite(b, "b");
    if (n < 0) {
      throw new IllegalArgumentException("linspace: n is negative: " + n);
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = n == 1 ? a : i == n - 1 ? b : a + (b - a) * i / (n - 1);
    }
    return new Tensor(Shape.of(n), d);
  }

  /**
   * {@return a one-line description of the matrix-product provider this JVM uses}: the SIMD
   * {@code VectorGemm} (with its vector shape) when the JVM runs with {@code --add-modules
   * jdk.incubator.vector}, else {@code ScalarGemm}. The system property {@code fluxion.gemm=scalar}
   * forces the scalar one. Both give bit-identical results; the choice is also logged once at
   * {@code DEBUG} level by {@code System.Logger} {@code dev.fluxion.autodiff.tensor.GemmProvider}.
   */
  public static String gemmProvider() {
    return GemmKernel.PROVIDER.describe();
  }

  /**
   * {@return the {@code n x n} identity matrix}
   *
   * @param n rows and columns, {@code >= 0}
   */
  public static Tensor eye(int n) {
    double[] d = new double[Shape.of(n, n).size()];
    for (int i = 0; i < n; i++) {
      d[i * n + i] = 1;
    }
    return new Tensor(Shape.of(n, n), d);
  }

  /**
   * {@return uniform samples in {@code [lo, hi)} drawn from {@code key}}
   *
   * @param key the randomness; split it, never reuse it
   * @param shape non-negative dimensions
   * @param lo the lower end (inclusive), finite
   * @param hi the upper end (exclusive), finite, {@code >= lo}
   */
  public static Tensor uniform(Key key, Shape shape, double lo, double hi) {
    Checks.notNull(key, "key");
    var g = key.generator();
    double[] d = new double[Checks.notNull(shape, "shape").size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = lo + (hi - lo) * g.nextDouble();
    }
    return new Tensor(shape, d);
  }

  /**
   * {@return normal samples {@code N(mean, std^2)} drawn from {@code key}}
   *
   * @param key the randomness; split it, never reuse it
   * @param shape non-negative dimensions
   * @param mean the centre; finite for finite samples
   * @param std the standard deviation, {@code >= 0}
   */
  public static Tensor normal(Key key, Shape shape, double mean, double std) {
    Checks.notNull(key, "key");
    var g = key.generator();
    double[] d = new double[Checks.notNull(shape, "shape").size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = mean + std * gaussian(g);
    }
    return new Tensor(shape, d);
  }

  private static double gaussian(java.util.SplittableRandom g) {
    double u1 = 1.0 - g.nextDouble();
    double u2 = g.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * {@return rows of the identity: {@code out[i, labels[i]] = 1}, shape {@code [n, classes]}}
   *
   * @param labels class indices in {@code [0, classes)}, shape {@code [n]}
   * @param classes the number of classes {@code k >= 0}; each row has length {@code k}
   * @throws IllegalArgumentException if a label is outside {@code [0, classes)}
   */
  public static Tensor oneHot(int[] labels, int classes) {
    Checks.notNull(labels, "labels");
    double[] d = new double[Shape.of(labels.length, classes).size()];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("oneHot: label " + labels[i] + " at index " + i
            + " is outside [0, " + classes + ")");
      }
      d[i * classes + labels[i]] = 1;
    }
    return new Tensor(Shape.of(labels.length, classes), d);
  }

  // ---------------------------------------------------------------- access

  /** {@return the shape} */
  public Shape shape() {
    return shape;
  }

  /** {@return the element type} */
  public DType dtype() {
    return ints != null ? DType.INT32 : floats != null ? DType.FLOAT32 : DType.FLOAT64;
  }

  /**
   * {@return this tensor converted to {@code target}: itself when it has that dtype already; float64
   * to float32 rounds to nearest (values beyond float32's range become ±∞), float32 to float64 is exact;
   * int32 to float64 is exact, to float32 rounds beyond {@code 2^24}; a float to int32 truncates toward
   * zero (NumPy's {@code astype})}
   *
   * @param target float64, float32 or int32
   * @throws IllegalArgumentException converting to int32 an element that is NaN, infinite or outside
   *     int32's range (the message gives its flat index and value)
   */
  public Tensor cast(DType target) {
    Checks.notNull(target, "target");
    if (target == dtype()) {
      return this;
    }
    if (ints != null || target == DType.INT32) {
      return Indexing.cast(this, target);
    }
    if (target == DType.FLOAT32) {
      double[] d = raw();
      float[] f = new float[d.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) d[i];
      }
      return new Tensor(shape, f);
    }
    float[] f = rawFloats();
    double[] d = new double[f.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = f[i];
    }
    return new Tensor(shape, d);
  }

  /** {@return the rank (number of dimensions)} */
  public int rank() {
    return shape.rank();
  }

  /** {@return the number of elements} */
  public int size() {
    return shape.size();
  }

  /**
   * {@return the element at a full index (Kotlin: {@code t[i, j]})}
   *
   * @param index the multi-index, one entry per axis
   * @throws IllegalArgumentException if the index has the wrong length or is out of bounds
   */
  public double get(int... index) {
    int o = Layout.offset(shape, Checks.notNull(index, "index"));
    return ints != null ? ints[o] : floats != null ? floats[o] : raw()[o];
  }

  /**
   * {@return the single value of a one-element tensor}
   *
   * @throws IllegalStateException if the tensor has more than one element
   */
  public double item() {
    if (size() != 1) {
      throw new IllegalStateException("item: tensor of shape " + shape + " has " + size() + " elements");
    }
    return ints != null ? ints[0] : floats != null ? floats[0] : raw()[0];
  }

  /** {@return A fresh copy of the elements in row-major order, float32 and int32 values widened exactly} */
  public double[] toArray() {
    return data != null ? data.clone() : cast(DType.FLOAT64).raw();
  }

  /** {@return A fresh copy of the elements in row-major order, float64 (and int32 beyond 2^24) rounded to nearest} */
  public float[] toFloatArray() {
    return floats != null ? floats.clone() : narrow().rawFloats();
  }

  /**
   * {@return A fresh copy of the indices of an int32 tensor in row-major order}
   *
   * @throws IllegalArgumentException if the dtype is not int32 (convert with {@code cast(DType.INT32)})
   */
  public int[] toIntArray() {
    return rawInts().clone();
  }

  /** {@return true if every element is finite (no NaN, no infinity)} */
  public boolean allFinite() {
    if (ints != null) {
      return true;
    }
    if (floats != null) {
      for (float v : floats) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
      return true;
    }
    for (double v : raw()) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- elementwise

  /**
   * {@return {@code f} applied to every element}
   *
   * @param f a pure function of one element
   */
  public Tensor map(DoubleUnaryOperator f) {
    Checks.notNull(f, "f");
    return floats != null ? Elementwise32.map(this, f) : Elementwise.map(this, f);
  }

  /**
   * {@return {@code f(this, other)} elementwise with broadcasting}
   *
   * @param other any shape broadcasting with this one
   * @param f a pure function of this element and the other's
   */
  public Tensor zipWith(Tensor other, DoubleBinaryOperator f) {
    return zip("zipWith", other, Checks.notNull(f, "f"));
  }

  /**
   * {@return {@code this + other}, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor plus(Tensor other) {
    return zip("plus", other, Elementwise.ADD);
  }

  /**
   * {@return {@code this - other}, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor minus(Tensor other) {
    return zip("minus", other, Elementwise.SUB);
  }

  /**
   * {@return {@code this * other} elementwise, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor times(Tensor other) {
    return zip("times", other, Elementwise.MUL);
  }

  /**
   * {@return {@code this / other} elementwise, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor div(Tensor other) {
    return zip("div", other, Elementwise.DIV);
  }

  /**
   * {@return {@code this ^ other} elementwise ({@link Math#pow}), broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor pow(Tensor other) {
    return zip("pow", other, Math::pow);
  }

  /**
   * {@return {@code this + c}}
   *
   * @param c any double, added to every element
   */
  public Tensor plus(double c) {
    double k = DType.FLOAT32 == dtype() ? (float) c : c;
    return map(v -> v + k);
  }

  /**
   * {@return {@code this - c}}
   *
   * @param c any double, subtracted from every element
   */
  public Tensor minus(double c) {
    double k = DType.FLOAT32 == dtype() ? (float) c : c;
    return map(v -> v - k);
  }

  /**
   * {@return {@code this * c}}
   *
   * @param c any double, multiplying every element
   */
  public Tensor times(double c) {
    return floats != null ? Elementwise32.scale(this, (float) c) : FastLoops.scale(this, c);
  }

  /**
   * {@return {@code this / c}}
   *
   * @param c any double; 0 gives ±∞ or NaN as IEEE division does
   */
  public Tensor div(double c) {
    double k = DType.FLOAT32 == dtype() ? (float) c : c;
    return map(v -> v / k);
  }

  /**
   * {@return {@code this ^ c}}
   *
   * @param c any double; the exponent
   */
  public Tensor pow(double c) {
    double k = DType.FLOAT32 == dtype() ? (float) c : c;
    return map(v -> Math.pow(v, k));
  }

  /** {@return {@code -this}} */
  public Tensor unaryMinus() {
    return map(v -> -v);
  }

  /**
   * {@return elementwise maximum, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor maximum(Tensor other) {
    return zip("maximum", other, Math::max);
  }

  /**
   * {@return elementwise minimum, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor minimum(Tensor other) {
    return zip("minimum", other, Math::min);
  }

  /** {@return {@code e^x}} */
  public Tensor exp() {
    return FastLoops.exp(this);
  }

  /** {@return natural logarithm} */
  public Tensor log() {
    return map(Math::log);
  }

  /** {@return square root} */
  public Tensor sqrt() {
    return map(Math::sqrt);
  }

  /** {@return absolute value} */
  public Tensor abs() {
    return map(Math::abs);
  }

  /** {@return sine} */
  public Tensor sin() {
    return map(Math::sin);
  }

  /** {@return cosine} */
  public Tensor cos() {
    return map(Math::cos);
  }

  /** {@return tangent} */
  public Tensor tan() {
    return map(Math::tan);
  }

  /** {@return hyperbolic tangent} */
  public Tensor tanh() {
    return map(Math::tanh);
  }

  /** {@return logistic sigmoid {@code 1 / (1 + e^-x)}, computed without overflow} */
  public Tensor sigmoid() {
    return map(Scalars::sigmoid);
  }

  /** {@return {@code max(x, 0)}} */
  public Tensor relu() {
    return floats != null ? Elementwise32.relu(this) : FastLoops.relu(this);
  }

  /** {@return the Heaviside step {@code x > 0 ? 1 : 0} (NaN gives NaN)} */
  public Tensor step() {
    return floats != null ? Elementwise32.step(this) : FastLoops.step(this);
  }

  /**
   * {@return the strong-zero product {@code a == 0 || b == 0 ? 0 : a * b}, with broadcasting}
   *
   * @param other the right operand
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public Tensor maskedTimes(Tensor other) {
    return zip("maskedMul", other, Elementwise.MASKED_MUL);
  }

  /** {@return Sign: -1, 0 or 1 (NaN stays NaN)} */
  public Tensor sign() {
    return map(Math::signum);
  }

  /**
   * {@return 1.0 where {@code this > other}, else 0.0 (broadcasting)}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor gt(Tensor other) {
    return zip("gt", other, (a, b) -> a > b ? 1 : 0);
  }

  /**
   * {@return 1.0 where {@code this >= other}, else 0.0 (broadcasting)}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor ge(Tensor other) {
    return zip("ge", other, (a, b) -> a >= b ? 1 : 0);
  }

  /**
   * {@return 1.0 where {@code this < other}, else 0.0 (broadcasting)}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor lt(Tensor other) {
    return zip("lt", other, (a, b) -> a < b ? 1 : 0);
  }

  /**
   * {@return 1.0 where {@code this <= other}, else 0.0 (broadcasting)}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor le(Tensor other) {
    return zip("le", other, (a, b) -> a <= b ? 1 : 0);
  }

  /**
   * {@return 1.0 where {@code this == other}, else 0.0 (broadcasting)}
   *
   * @param other any shape broadcasting with this one
   */
  public Tensor eq(Tensor other) {
    return zip("eq", other, (a, b) -> a == b ? 1 : 0);
  }

  /**
   * {@return {@code cond != 0 ? a : b} elementwise, all three broadcast together}
   *
   * @param cond the condition (nonzero is true)
   * @param a taken where {@code cond != 0}; broadcasts with {@code cond} and {@code b}
   * @param b taken where {@code cond == 0}; broadcasts with {@code cond} and {@code a}
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    Checks.notNull(cond, "cond");
    Checks.notNull(a, "a");
    Checks.notNull(b, "b");
    if (cond.float32("where", a) & a.float32("where", b)) {
      return Elementwise32.where(cond, a, b);
    }
    return Elementwise.where(cond, a, b);
  }

  /**
   * {@return this tensor repeated to {@code target} by NumPy broadcasting}
   *
   * @param target a shape this one broadcasts to
   * @throws IllegalArgumentException if the shape does not broadcast to {@code target}
   */
  public Tensor broadcastTo(Shape target) {
    Checks.notNull(target, "target");
    return floats != null ? Elementwise32.broadcastTo(this, target) : Elementwise.broadcastTo(this, target);
  }

  /**
   * {@return the sum of this tensor down to {@code target}, the inverse of broadcasting (the adjoint of
   * {@link #broadcastTo})}
   *
   * @param target a shape that broadcasts to this one
   * @throws IllegalArgumentException if {@code target} does not broadcast to this shape
   */
  public Tensor sumTo(Shape target) {
    Checks.notNull(target, "target");
    return Reductions.sumTo(this, target);
  }

  // ---------------------------------------------------------------- reductions

  /** {@return the sum of all elements, as a scalar tensor} */
  public Tensor sum() {
    return reduce(Reductions.allAxes(rank()), false, Reductions.Kind.SUM);
  }

  /**
   * {@return the sum over {@code axes} (negative axes count from the end)}
   *
   * @param axes each in {@code [-rank, rank)}, no repeats; empty reduces nothing
   * @param keepDims whether reduced axes stay, with size 1
   */
  public Tensor sum(int[] axes, boolean keepDims) {
    return reduce(Checks.notNull(axes, "axes"), keepDims, Reductions.Kind.SUM);
  }

  /** {@return the mean of all elements, as a scalar tensor} */
  public Tensor mean() {
    return sum().div(size());
  }

  /**
   * {@return the mean over {@code axes}}
   *
   * @param axes each in {@code [-rank, rank)}, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public Tensor mean(int[] axes, boolean keepDims) {
    Tensor s = sum(axes, keepDims);
    return s.div(size() / Math.max(1, s.size()));
  }

  /** {@return the maximum of all elements, as a scalar tensor} */
  public Tensor max() {
    return reduce(Reductions.allAxes(rank()), false, Reductions.Kind.MAX);
  }

  /**
   * {@return the maximum over {@code axes}}
   *
   * @param axes each in {@code [-rank, rank)}, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public Tensor max(int[] axes, boolean keepDims) {
    return reduce(Checks.notNull(axes, "axes"), keepDims, Reductions.Kind.MAX);
  }

  /** {@return the minimum of all elements, as a scalar tensor} */
  public Tensor min() {
    return reduce(Reductions.allAxes(rank()), false, Reductions.Kind.MIN);
  }

  /**
   * {@return the minimum over {@code axes}}
   *
   * @param axes each in {@code [-rank, rank)}, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public Tensor min(int[] axes, boolean keepDims) {
    return reduce(Checks.notNull(axes, "axes"), keepDims, Reductions.Kind.MIN);
  }

  /**
   * {@return indices of the maximum along {@code axis} (the first one on ties; NaN compares false), an
   * int32 tensor: indices are no numbers ({@code cast} them to compute with them)}
   *
   * @param axis in {@code [-rank, rank)}, a non-empty axis
   */
  public Tensor argmax(int axis) {
    return floats != null ? Reductions32.argmax(this, axis) : Reductions.argmax(this, axis);
  }

  /**
   * {@return the slices along {@code axis} at {@code indices}, NumPy's {@code take(x, indices, axis)}:
   * shape {@code shape[:axis] ++ indices.shape ++ shape[axis+1:]}, {@code y[..., j, ...] = x[..., indices[j], ...]};
   * any dtype, int32 included}
   *
   * @param indices int32, any shape, every element in {@code [0, dim(axis))}
   * @param axis in {@code [-rank, rank)}
   * @throws IllegalArgumentException if {@code indices} is not int32, an index is out of range (the
   *     message gives its position), or the axis is out of range
   */
  public Tensor gather(Tensor indices, int axis) {
    Checks.notNull(indices, "indices");
    return Indexing.gather(this, indices, Indexing.axis("gather", shape, axis));
  }

  /**
   * {@return the adjoint of {@link #gather}: zeros of shape {@code shape[:axis] ++ [size] ++
   * shape[axis+indices.rank:]} with each slice of this tensor added at its index, in the order of the
   * indices' positions (JAX's {@code zeros.at[..., indices, ...].add(this)})}
   *
   * @param indices int32 of the shape this tensor has at axes {@code [axis, axis + indices.rank)},
   *     every element in {@code [0, size)}
   * @param axis where the indices' axes start, {@code >= 0}
   * @param size the output's length along {@code axis}, {@code >= 0}
   * @throws IllegalArgumentException if the shapes do not fit or an index is out of range
   */
  public Tensor scatterAdd(Tensor indices, int axis, int size) {
    Checks.notNull(indices, "indices");
    return Indexing.scatterAdd(this, indices, axis, size);
  }

  /**
   * {@return {@code log(sum(exp(x)))} over {@code axis}, stable for large magnitudes}
   *
   * @param axis in {@code [-rank, rank)}
   * @param keepDims whether reduced axes stay, with size 1
   */
  public Tensor logSumExp(int axis, boolean keepDims) {
    return Softmaxes.logSumExp(this, axis, keepDims);
  }

  /**
   * {@return {@code exp(x - logsumexp(x))} along {@code axis}}
   *
   * @param axis in {@code [-rank, rank)}
   */
  public Tensor softmax(int axis) {
    return Softmaxes.softmax(this, axis);
  }

  /**
   * {@return {@code x - logsumexp(x)} along {@code axis}}
   *
   * @param axis in {@code [-rank, rank)}
   */
  public Tensor logSoftmax(int axis) {
    return Softmaxes.logSoftmax(this, axis);
  }

  // ---------------------------------------------------------------- layout

  /**
   * {@return the same elements in a new shape; one dimension may be -1 (inferred)}
   *
   * @param dims non-negative, with at most one -1 (inferred); product equal to {@link #size()}
   * @throws IllegalArgumentException if the sizes differ
   */
  public Tensor reshape(int... dims) {
    return reshape(shape.reshaped(Checks.notNull(dims, "dims")));
  }

  /**
   * {@return the same elements in shape {@code target} (same size)}
   *
   * @param target same size as this tensor
   */
  public Tensor reshape(Shape target) {
    Checks.notNull(target, "target");
    if (target.size() != size()) {
      throw new IllegalArgumentException("reshape: cannot reshape " + shape + " to " + target);
    }
    return ints != null ? new Tensor(target, ints) : floats != null ? new Tensor(target, floats) : new Tensor(target, raw());
  }

  /**
   * {@return axes reordered: output axis {@code i} is input axis {@code perm[i]}}
   *
   * @param perm the permutation of the axes
   */
  public Tensor permute(int... perm) {
    Checks.notNull(perm, "perm");
    return Layout.permute(this, perm);
  }

  /** {@return the matrix transpose: the last two axes swapped (rank &lt; 2: unchanged)} */
  public Tensor transpose() {
    return rank() < 2 ? this : permute(Layout.swapLast(rank()));
  }

  /**
   * {@return A strided slice: along each axis {@code i}, elements {@code start[i], start[i]+step[i], ...}
   * below {@code stop[i]}}
   *
   * @param start the first index along each axis
   * @param stop the end (exclusive) along each axis
   * @param step the step along each axis
   * @throws IllegalArgumentException if the bounds are outside the shape or a step is not positive
   */
  public Tensor slice(int[] start, int[] stop, int[] step) {
    return Layout.slice(this, start, stop, step);
  }

  /**
   * {@return the adjoint of {@link #slice}: zeros of shape {@code target} with this tensor written at
   * {@code start[i] + j * step[i]} along each axis}
   *
   * @param target the unsliced shape, same rank, large enough to hold the slice at {@code start}
   * @param start the first index along each axis
   * @param step the step along each axis
   * @throws IllegalArgumentException if this tensor does not fit at that place
   */
  public Tensor unslice(Shape target, int[] start, int[] step) {
    Checks.notNull(target, "target");
    Checks.notNull(start, "start");
    Checks.notNull(step, "step");
    return Layout.unslice(this, target, start, step);
  }

  /**
   * {@return element {@code index} along {@code axis}, that axis dropped}
   *
   * @param axis in {@code [-rank, rank)}
   * @param index in {@code [0, dim(axis))}
   */
  public Tensor select(int axis, int index) {
    return Layout.select(this, axis, index);
  }

  /**
   * {@return tensors joined along an existing axis; all other dimensions must agree}
   *
   * @param axis in {@code [-rank, rank)}
   * @param parts at least one; equal shapes except along {@code axis}
   * @throws IllegalArgumentException naming the first mismatching shape
   */
  public static Tensor concat(int axis, Tensor... parts) {
    parts(parts);
    return Layout.concat(axis, parts);
  }

  /**
   * {@return tensors of one shape stacked along a new axis}
   *
   * @param axis in {@code [-rank - 1, rank]} of the parts' rank
   * @param parts at least one, all of one shape
   */
  public static Tensor stack(int axis, Tensor... parts) {
    parts(parts);
    return Layout.stack(axis, parts);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * {@return the matrix product {@code [..., m, k] @ [..., k, n] -> [..., m, n]}; batch dimensions
   * broadcast; a rank-1 left (right) operand is a row (column) vector whose axis is dropped}
   *
   * @param other shape {@code [..., k, n]} or {@code [k]}
   * @throws IllegalArgumentException naming both shapes if inner dimensions differ
   */
  public Tensor matmul(Tensor other) {
    Checks.notNull(other, "other");
    float32("matmul", other);
    return Gemm.matmul(this, other);
  }

  /**
   * {@return {@code this @ other^T} for matrices {@code [m,k]} and {@code [n,k]}, or batches of them
   * {@code [..., m, k]} and {@code [..., n, k]}: the same numbers as {@code matmul(other.transpose())},
   * without materializing the transpose}
   *
   * @param other the right operand, stored untransposed, with this tensor's rank and batch dimensions
   * @throws IllegalArgumentException if the ranks or batch dimensions differ, either has rank below 2, or
   *     the inner dimensions differ
   */
  public Tensor matmulTransposed(Tensor other) {
    Checks.notNull(other, "other");
    float32("matmulTransposed", other);
    return Gemm.matmulNT(this, other);
  }

  /**
   * {@return {@code this^T @ other} for matrices {@code [k,m]} and {@code [k,n]}, or batches of them
   * {@code [..., k, m]} and {@code [..., k, n]}: the same numbers as {@code transpose().matmul(other)},
   * without materializing the transpose}
   *
   * @param other the right operand, with this tensor's rank and batch dimensions
   * @throws IllegalArgumentException if the ranks or batch dimensions differ, either has rank below 2, or
   *     the inner dimensions differ
   */
  public Tensor transposedMatmul(Tensor other) {
    Checks.notNull(other, "other");
    float32("transposedMatmul", other);
    return Gemm.matmulTN(this, other);
  }

  // ---------------------------------------------------------------- comparison and text

  /**
   * {@return true if both tensors have the same shape and {@code |a - b| <= atol + rtol * |b|} everywhere}
   * (values compared in float64, so a float32 tensor may be compared with a float64 one)
   *
   * @param other any shape or dtype; a different shape is never close
   * @param rtol the relative tolerance, {@code >= 0}
   * @param atol the absolute tolerance, {@code >= 0}
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    Checks.notNull(other, "other");
    if (!shape.equals(other.shape)) {
      return false;
    }
    double[] x = wide().raw();
    double[] y = other.wide().raw();
    for (int i = 0; i < x.length; i++) {
      double a = x[i];
      double b = y[i];
      if (!(a == b || Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Value equality: same shape, same dtype and bitwise-equal elements (so NaN equals NaN, 0.0
   * differs from -0.0).
   */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Tensor t) || !shape.equals(t.shape) || dtype() != t.dtype()) {
      return false;
    }
    if (ints != null) {
      return Arrays.equals(ints, t.ints);
    }
    if (floats != null) {
      for (int i = 0; i < floats.length; i++) {
        if (Float.floatToIntBits(floats[i]) != Float.floatToIntBits(t.floats[i])) {
          return false;
        }
      }
      return true;
    }
    double[] data = raw();
    for (int i = 0; i < data.length; i++) {
      if (Double.doubleToLongBits(data[i]) != Double.doubleToLongBits(t.raw()[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    if (ints != null) {
      return 31 * (31 * shape.hashCode() + Arrays.hashCode(ints)) + 2;
    }
    return floats != null ? 31 * (31 * shape.hashCode() + Arrays.hashCode(floats)) + 1
        : 31 * shape.hashCode() + Arrays.hashCode(data);
  }

  /** NumPy-style text; large tensors are abbreviated with {@code ...}. */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }
}
