package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * The kernels' door to tensor storage and the {@code tensor} package's matrix product: this package is not
 * exported, so only the library reaches a tensor's backing array. {@code Tensor} installs the
 * {@link Access} when it loads (the JDK's shared-secrets pattern); this class forces that load
 * first, so the hook is there even before any tensor exists.
 */
public final class Storage {
  /** What {@code Tensor} hands over: its package-private storage and matrix product. */
  public interface Access {
    /** {@return the backing array of {@code t}; never mutate it} */
    double[] raw(Tensor t);

    /** {@return a tensor over {@code data}, which the caller must never touch again} */
    Tensor wrap(Shape shape, double[] data);

    /** {@return the float32 backing array of {@code t}; never mutate it} */
    float[] floats(Tensor t);

    /** {@return a float32 tensor over {@code data}, which the caller must never touch again} */
    Tensor wrap(Shape shape, float[] data);

    /** {@return the int32 backing array of {@code t}; never mutate it} */
    int[] ints(Tensor t);

    /** {@return an int32 tensor over {@code data}, which the caller must never touch again} */
    Tensor wrap(Shape shape, int[] data);

    /**
     * The strided product {@code C = A B} of {@code GemmKernel.multiply}.
     *
     * @param threads whether the split into bands on the thread pool is allowed
     */
    void multiply(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff,
        int brs, int bcs, double[] c, int cOff, boolean threads);

    /**
     * The strided {@code float} product {@code C = A B} of {@code GemmKernel.multiply}, accumulated in float32.
     *
     * @param threads whether the two-thread split is allowed
     */
    void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
        int brs, int bcs, float[] c, int cOff, boolean threads);
  }

  private static volatile Access access;

  static {
    try {
      Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Storage() {}

  /**
   * Installs {@code Tensor}'s access; called once, by {@code Tensor}.
   *
   * @throws IllegalStateException if it is installed already
   */
  public static synchronized void install(Access a) {
    if (access != null) {
      throw new IllegalStateException("Storage: the access is installed already");
    }
    access = a;
  }

  /**
   * {@return the float64 backing array of {@code t}; never mutate it}
   *
   * @throws IllegalStateException if {@code t} is float32 (a kernel missed its float32 path)
   */
  public static double[] raw(Tensor t) {
    return access.raw(t);
  }

  /**
   * {@return the float32 backing array of {@code t}; never mutate it}
   *
   * @throws IllegalStateException if {@code t} is float64
   */
  public static float[] floats(Tensor t) {
    return access.floats(t);
  }

  /** {@return a float32 tensor over {@code data}, which the caller must never touch again} */
  public static Tensor wrap(Shape shape, float[] data) {
    return access.wrap(shape, data);
  }

  /**
   * {@return the int32 backing array of {@code t}; never mutate it}
   *
   * @throws IllegalArgumentException if {@code t} is not int32
   */
  public static int[] ints(Tensor t) {
    return access.ints(t);
  }

  /** {@return an int32 tensor over {@code data}, which the caller must never touch again} */
  public static Tensor wrap(Shape shape, int[] data) {
    return access.wrap(shape, data);
  }

  /** {@return a tensor over {@code data}, which the caller must never touch again} */
  public static Tensor wrap(Shape shape, double[] data) {
    return access.wrap(shape, data);
  }

  /**
   * {@code C(i,j) = sum_p A(i,p) B(p,j)} with {@code A(i,p) = a[aOff + i*ars + p*acs]},
   * {@code B(p,j) = b[bOff + p*brs + j*bcs]}, {@code C(i,j) = c[cOff + i*n + j]}.
   *
   * @param threads whether the split into bands on the thread pool is allowed
   */
  public static void multiply(int m, int n, int k, double[] a, int aOff, int ars, int acs, double[] b,
      int bOff, int brs, int bcs, double[] c, int cOff, boolean threads) {
    access.multiply(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, threads);
  }

  /**
   * The {@code float} twin of {@link #multiply(int, int, int, double[], int, int, int, double[], int, int,
   * int, double[], int, boolean)}: each {@code C(i,j)} is the float32 FMA chain over {@code p = 0..k-1}
   * in order, accumulated in float32.
   *
   * @param threads whether the two-thread split is allowed
   */
  public static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b,
      int bOff, int brs, int bcs, float[] c, int cOff, boolean threads) {
    access.multiply(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, threads);
  }
}
