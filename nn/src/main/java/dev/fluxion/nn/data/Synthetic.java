package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Small seeded toy datasets for classification demos and tests; every example has features
 * {@code [2]} (blobs: the centers' dimension) and a scalar integer class label.
 *
 * <p>Examples come grouped by class (class 0 first); shuffle them with a {@link DataLoader}.
 * The same key always gives the same dataset.
 */
public final class Synthetic {
  private Synthetic() {}

  /** {@return the four XOR points {@code (0,0) (0,1) (1,0) (1,1)} with labels {@code 0 1 1 0}} */
  public static Dataset xor() {
    double[] x = {0, 0, 0, 1, 1, 0, 1, 1};
    double[] y = {0, 1, 1, 0};
    return own(x, y, 2);
  }

  /**
   * {@return {@code n} noisy XOR points: example {@code i} is corner {@code i mod 4} of the unit square
   * plus Gaussian noise, labelled by the corner's XOR}
   *
   * @param n {@code >= 0}; corners are used round-robin, so classes are balanced for {@code n} even
   * @param noise the noise's standard deviation, {@code >= 0}
   * @param key the randomness of the noise; split it, never reuse it
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Dataset xor(int n, double noise, Key key) {
    check(n >= 0, "n must be >= 0, got " + n);
    checkNoise(noise);
    SplittableRandom g = Checks.notNull(key, "key").generator();
    double[] x = new double[2 * n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int a = (i >> 1) & 1;
      int b = i & 1;
      x[2 * i] = a + noise * g.nextGaussian();
      x[2 * i + 1] = b + noise * g.nextGaussian();
      y[i] = a ^ b;
    }
    return own(x, y, 2);
  }

  /**
   * The CS231n spirals: class {@code k} has points at radius {@code r = linspace(0, 1)} and angle
   * {@code t = linspace(4k, 4(k+1)) + noise * N(0, 1)}, at {@code (r sin t, r cos t)}.
   *
   * @param classes {@code >= 1}
   * @param perClass {@code >= 1} points per class
   * @param noise the angle noise's standard deviation ({@code 0.2} in CS231n), {@code >= 0}
   * @param key the randomness of the noise; split it, never reuse it
   * @return {@code classes * perClass} examples
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Dataset spirals(int classes, int perClass, double noise, Key key) {
    check(classes >= 1 && perClass >= 1, "need classes >= 1 and perClass >= 1, got " + classes + ", " + perClass);
    checkNoise(noise);
    SplittableRandom g = Checks.notNull(key, "key").generator();
    int n = Math.multiplyExact(classes, perClass);
    double[] x = new double[2 * n];
    double[] y = new double[n];
    for (int k = 0, i = 0; k < classes; k++) {
      for (int j = 0; j < perClass; j++, i++) {
        double r = lin(0, 1, j, perClass);
        double t = lin(4.0 * k, 4.0 * (k + 1), j, perClass) + noise * g.nextGaussian();
        x[2 * i] = r * Math.sin(t);
        x[2 * i + 1] = r * Math.cos(t);
        y[i] = k;
      }
    }
    return own(x, y, 2);
  }

  /**
   * {@return two interleaving half circles (as scikit-learn's {@code make_moons}): class 0 on the upper
   * unit half circle, class 1 on the lower one shifted to {@code (1, 0.5)}, plus Gaussian noise}
   *
   * @param n {@code >= 0}; class 0 gets {@code n / 2}, class 1 the rest
   * @param noise the noise's standard deviation, {@code >= 0}
   * @param key the randomness of the noise; split it, never reuse it
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Dataset moons(int n, double noise, Key key) {
    check(n >= 0, "n must be >= 0, got " + n);
    checkNoise(noise);
    SplittableRandom g = Checks.notNull(key, "key").generator();
    int outer = n / 2;
    double[] x = new double[2 * n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      boolean inner = i >= outer;
      int j = inner ? i - outer : i;
      double t = lin(0, Math.PI, j, inner ? n - outer : outer);
      x[2 * i] = (inner ? 1 - Math.cos(t) : Math.cos(t)) + noise * g.nextGaussian();
      x[2 * i + 1] = (inner ? 0.5 - Math.sin(t) : Math.sin(t)) + noise * g.nextGaussian();
      y[i] = inner ? 1 : 0;
    }
    return own(x, y, 2);
  }

  /**
   * {@return two concentric circles (as scikit-learn's {@code make_circles}): class 0 on the unit circle,
   * class 1 on the circle of radius {@code factor}, points evenly spaced, plus Gaussian noise}
   *
   * @param n {@code >= 0}; class 0 gets {@code n / 2}, class 1 the rest
   * @param noise the noise's standard deviation, {@code >= 0}
   * @param factor the inner radius, in {@code [0, 1)}
   * @param key the randomness of the noise; split it, never reuse it
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Dataset circles(int n, double noise, double factor, Key key) {
    check(n >= 0, "n must be >= 0, got " + n);
    checkNoise(noise);
    check(factor >= 0 && factor < 1, "factor must be in [0, 1), got " + factor);
    SplittableRandom g = Checks.notNull(key, "key").generator();
    int outer = n / 2;
    double[] x = new double[2 * n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      boolean inner = i >= outer;
      int j = inner ? i - outer : i;
      double t = 2 * Math.PI * j / (inner ? n - outer : outer);
      double r = inner ? factor : 1;
      x[2 * i] = r * Math.cos(t) + noise * g.nextGaussian();
      x[2 * i + 1] = r * Math.sin(t) + noise * g.nextGaussian();
      y[i] = inner ? 1 : 0;
    }
    return own(x, y, 2);
  }

  /**
   * Isotropic Gaussian blobs around given centers; class {@code k} is blob {@code k}.
   *
   * @param n {@code >= 0}; each of the {@code k} classes gets {@code n / k} or {@code n / k + 1}
   *     points (the first {@code n mod k} classes one more)
   * @param centers {@code [k, d]}, {@code k >= 1}
   * @param std the blobs' standard deviation, {@code >= 0}
   * @param key the randomness of the noise; split it, never reuse it
   * @return features {@code [n, d]}, labels {@code [n]}
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Dataset blobs(int n, Tensor centers, double std, Key key) {
    check(n >= 0, "n must be >= 0, got " + n);
    Checks.notNull(centers, "centers");
    check(centers.rank() == 2 && centers.shape().dim(0) >= 1, "centers must be [k, d] with k >= 1, got "
        + centers.shape());
    checkNoise(std);
    SplittableRandom g = Checks.notNull(key, "key").generator();
    int k = centers.shape().dim(0);
    int d = centers.shape().dim(1);
    double[] c = centers.toArray();
    double[] x = new double[Math.multiplyExact(n, d)];
    double[] y = new double[n];
    for (int cls = 0, i = 0; cls < k; cls++) {
      int count = n / k + (cls < n % k ? 1 : 0);
      for (int j = 0; j < count; j++, i++) {
        for (int a = 0; a < d; a++) {
          x[i * d + a] = c[cls * d + a] + std * g.nextGaussian();
        }
        y[i] = cls;
      }
    }
    return own(x, y, d);
  }

  /**
   * {@return Gaussian blobs in the plane around {@code centers} random centers drawn uniformly from
   * {@code [-10, 10]^2} (as scikit-learn's {@code make_blobs})}
   *
   * @param n {@code >= 0}
   * @param centers the number of classes, {@code >= 1}
   * @param std the blobs' standard deviation, {@code >= 0}
   * @param key the randomness, split for the centers and the points; never reuse it
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static Dataset blobs(int n, int centers, double std, Key key) {
    check(centers >= 1, "centers must be >= 1, got " + centers);
    Key[] keys = Checks.notNull(key, "key").split();
    return blobs(n, Tensor.uniform(keys[0], Shape.of(centers, 2), -10, 10), std, keys[1]);
  }

  private static double lin(double a, double b, int j, int count) {
    return count == 1 ? a : a + (b - a) * j / (count - 1);
  }

  private static Dataset own(double[] x, double[] y, int d) {
    return Dataset.own(Rows.own(x, Shape.of(d), y.length), Rows.own(y, Shape.scalar(), y.length));
  }

  private static void checkNoise(double noise) {
    check(noise >= 0 && Double.isFinite(noise), "noise must be finite and >= 0, got " + noise);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
