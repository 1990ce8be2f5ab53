package dev.fluxion.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One training example as Spark moves it: features and target flattened in row-major order (their
 * shapes are the {@link SparkExamples}'). Arrays are copied in and out.
 */
public final class Sample implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The features, flattened row-major. */
  private final double[] x;
  /** The target, flattened. */
  private final double[] y;

  private Sample(double[] x, double[] y) {
    this.x = x;
    this.y = y;
  }

  /**
   * {@return an example of features {@code x} and target {@code y} (copied)}
   *
   * @param x the features, flattened row-major
   * @param y the target, flattened (one value for a class label)
   * @throws IllegalArgumentException if an array is null
   */
  public static Sample of(double[] x, double... y) {
    if (x == null || y == null) {
      throw new IllegalArgumentException("Sample: x and y must not be null");
    }
    return new Sample(x.clone(), y.clone());
  }

  /**
   * {@return an example of features {@code x} and class label {@code label}}
   *
   * @param x the features, flattened row-major (copied)
   * @param label the class, {@code >= 0}
   * @throws IllegalArgumentException if {@code x} is null or {@code label < 0}
   */
  public static Sample labelled(double[] x, int label) {
    if (label < 0) {
      throw new IllegalArgumentException("Sample: label must be >= 0, got " + label);
    }
    return of(x, label);
  }

  /** {@return a copy of the features, flattened row-major} */
  public double[] x() {
    return x.clone();
  }

  /** {@return a copy of the target, flattened} */
  public double[] y() {
    return y.clone();
  }

  /** {@return the number of feature values} */
  int xLength() {
    return x.length;
  }

  /** {@return the number of target values} */
  int yLength() {
    return y.length;
  }

  /** Copies the features into {@code dst} at {@code at}. */
  void copyX(double[] dst, int at) {
    System.arraycopy(x, 0, dst, at, x.length);
  }

  /** Copies the target into {@code dst} at {@code at}. */
  void copyY(double[] dst, int at) {
    System.arraycopy(y, 0, dst, at, y.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
  }

  @Override
  public String toString() {
    return "Sample[x=" + x.length + " values, y=" + Arrays.toString(y.length > 4 ? Arrays.copyOf(y, 4) : y) + "]";
  }
}
