package dev.fluxion.nn.init;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Factories of {@link Initializer}s: constants, uniform and (truncated) normal draws, and the
 * variance-scaling family — Glorot/Xavier, He/Kaiming (PyTorch's definitions) and LeCun (JAX's).
 *
 * <p>All draws come from the key's generator ({@link Key#generator()}), so results are
 * deterministic. Fans follow {@link Fans#of}: dense weights are {@code [in, out]}, convolution
 * weights {@code [O, C, k...]}.
 */
public final class Initializers {
  /**
   * The standard deviation of a standard normal truncated to {@code [-2, 2]}:
   * {@code √(1 - 4φ(2) / (Φ(2) - Φ(-2)))}; JAX divides by it so truncated draws keep the intended variance.
   */
  public static final double TRUNCATED_STD = 0.87962566103423978;

  private Initializers() {}

  /** The shape of the distribution a variance-scaling initializer draws from. */
  public enum Distribution {
    /** {@code U(-√(3v), √(3v))}. */
    UNIFORM,
    /** {@code N(0, v)}. */
    NORMAL,
    /** {@code N(0, v / TRUNCATED_STD²)} truncated to two of its standard deviations: variance {@code v}. */
    TRUNCATED_NORMAL
  }

  /** {@return {@code 0} everywhere} */
  public static Initializer zeros() {
    return (key, shape) -> Tensor.zeros(checked(key, shape));
  }

  /** {@return {@code 1} everywhere} */
  public static Initializer ones() {
    return constant(1);
  }

  /**
   * {@return {@code c} everywhere}
   *
   * @param c finite
   * @throws IllegalArgumentException if {@code c} is not finite
   */
  public static Initializer constant(double c) {
    Checks.finite(c, "c");
    return (key, shape) -> Tensor.full(checked(key, shape), c);
  }

  /**
   * {@return independent draws from {@code U[lo, hi)}}
   *
   * @param lo finite lower bound
   * @param hi finite upper bound, {@code >= lo}
   * @throws IllegalArgumentException if a bound is not finite or {@code hi < lo}
   */
  public static Initializer uniform(double lo, double hi) {
    Checks.finite(lo, "lo");
    Checks.finite(hi, "hi");
    if (hi < lo) {
      throw new IllegalArgumentException("uniform: hi " + hi + " < lo " + lo);
    }
    return (key, shape) -> Tensor.uniform(key, checked(key, shape), lo, hi);
  }

  /**
   * {@return independent draws from {@code N(mean, std²)}}
   *
   * @param mean finite
   * @param std finite, {@code >= 0}
   * @throws IllegalArgumentException if an argument is not finite or {@code std < 0}
   */
  public static Initializer normal(double mean, double std) {
    Checks.finite(mean, "mean");
    nonNegative(std, "std");
    return (key, shape) -> Tensor.normal(key, checked(key, shape), mean, std);
  }

  /**
   * {@return independent draws from {@code N(0, std²)} conditioned on {@code |x| <= 2·std}, by resampling
   * (as JAX's {@code truncated_normal(stddev)}; the result's standard deviation is
   * {@code TRUNCATED_STD · std ≈ 0.88 · std})}
   *
   * @param std the standard deviation of the untruncated normal, finite, {@code >= 0}
   * @throws IllegalArgumentException if {@code std} is not finite or negative
   */
  public static Initializer truncatedNormal(double std) {
    nonNegative(std, "std");
    return (key, shape) -> truncated(key, checked(key, shape), std);
  }

  /**
   * {@return variance scaling (JAX's {@code variance_scaling}): variance {@code v = scale / n} with
   * {@code n} the fan chosen by {@code mode}, drawn from {@code distribution}}
   *
   * @param scale finite, {@code > 0}
   * @param mode which fan divides the scale
   * @param distribution the shape of the draws
   * @throws IllegalArgumentException if {@code scale} is not finite and positive or an argument is null;
   *     the returned initializer throws for shapes of rank {@code < 2}
   */
  public static Initializer varianceScaling(double scale, Fans.Mode mode, Distribution distribution) {
    positive(scale, "scale");
    Checks.notNull(mode, "mode");
    Checks.notNull(distribution, "distribution");
    return (key, shape) -> {
      Fans fans = Fans.of(checked(key, shape));
      if (shape.size() == 0) {
        return Tensor.zeros(shape);
      }
      double variance = scale / fans.fan(mode);
      return switch (distribution) {
        case UNIFORM -> Tensor.uniform(key, shape, -Math.sqrt(3 * variance), Math.sqrt(3 * variance));
        case NORMAL -> Tensor.normal(key, shape, 0, Math.sqrt(variance));
        case TRUNCATED_NORMAL -> truncated(key, shape, Math.sqrt(variance) / TRUNCATED_STD);
      };
    };
  }

  /**
   * {@return Glorot/Xavier uniform (PyTorch's {@code xavier_uniform_}): {@code U(-a, a)} with
   * {@code a = gain · √(6 / (fanIn + fanOut))}}
   *
   * @param gain finite, {@code > 0}; see {@link Gain}
   * @throws IllegalArgumentException if {@code gain} is not finite and positive
   */
  public static Initializer xavierUniform(double gain) {
    return varianceScaling(square(positive(gain, "gain")), Fans.Mode.FAN_AVG, Distribution.UNIFORM);
  }

  /** {@return {@link #xavierUniform(double)} with gain 1} */
  public static Initializer xavierUniform() {
    return xavierUniform(1);
  }

  /**
   * {@return Glorot/Xavier normal (PyTorch's {@code xavier_normal_}): {@code N(0, σ²)} with
   * {@code σ = gain · √(2 / (fanIn + fanOut))}}
   *
   * @param gain finite, {@code > 0}; see {@link Gain}
   * @throws IllegalArgumentException if {@code gain} is not finite and positive
   */
  public static Initializer xavierNormal(double gain) {
    return varianceScaling(square(positive(gain, "gain")), Fans.Mode.FAN_AVG, Distribution.NORMAL);
  }

  /** {@return {@link #xavierNormal(double)} with gain 1} */
  public static Initializer xavierNormal() {
    return xavierNormal(1);
  }

  /**
   * {@return He/Kaiming uniform (PyTorch's {@code kaiming_uniform_}): {@code U(-b, b)} with
   * {@code b = gain · √(3 / fan)}}
   *
   * @param mode {@code FAN_IN} (forward variance) or {@code FAN_OUT} (backward variance)
   * @param gain finite, {@code > 0}; e.g. {@link Gain#relu()}
   * @throws IllegalArgumentException if {@code gain} is not finite and positive or {@code mode} is null
   */
  public static Initializer kaimingUniform(Fans.Mode mode, double gain) {
    return varianceScaling(square(positive(gain, "gain")), mode, Distribution.UNIFORM);
  }

  /**
   * {@return {@link #kaimingUniform(Fans.Mode, double)} with {@code FAN_IN} and the ReLU gain √2
   * (PyTorch's defaults)}
   */
  public static Initializer kaimingUniform() {
    return kaimingUniform(Fans.Mode.FAN_IN, Gain.relu());
  }

  /**
   * {@return He/Kaiming normal (PyTorch's {@code kaiming_normal_}): {@code N(0, σ²)} with {@code σ = gain / √fan}}
   *
   * @param mode {@code FAN_IN} (forward variance) or {@code FAN_OUT} (backward variance)
   * @param gain finite, {@code > 0}; e.g. {@link Gain#relu()}
   * @throws IllegalArgumentException if {@code gain} is not finite and positive or {@code mode} is null
   */
  public static Initializer kaimingNormal(Fans.Mode mode, double gain) {
    return varianceScaling(square(positive(gain, "gain")), mode, Distribution.NORMAL);
  }

  /**
   * {@return {@link #kaimingNormal(Fans.Mode, double)} with {@code FAN_IN} and the ReLU gain √2 (PyTorch's defaults)}
   */
  public static Initializer kaimingNormal() {
    return kaimingNormal(Fans.Mode.FAN_IN, Gain.relu());
  }

  /**
   * {@return LeCun normal (JAX's {@code lecun_normal}): a normal truncated at two standard deviations,
   * rescaled so the variance is {@code 1 / fanIn}}
   */
  public static Initializer lecunNormal() {
    return varianceScaling(1, Fans.Mode.FAN_IN, Distribution.TRUNCATED_NORMAL);
  }

  /** {@return LeCun uniform (JAX's {@code lecun_uniform}): {@code U(-b, b)} with {@code b = √(3 / fanIn)}} */
  public static Initializer lecunUniform() {
    return varianceScaling(1, Fans.Mode.FAN_IN, Distribution.UNIFORM);
  }

  private static Tensor truncated(Key key, Shape shape, double std) {
    SplittableRandom g = key.generator();
    double[] d = new double[shape.size()];
    for (int i = 0; i < d.length; i++) {
      double z;
      do {
        z = gaussian(g);
      } while (z < -2 || z > 2);
      d[i] = std * z;
    }
    return Tensor.of(d, shape);
  }

  /** A standard normal draw by the Box–Muller transform (the same formula as {@link Tensor#normal}). */
  private static double gaussian(SplittableRandom g) {
    double u1 = 1.0 - g.nextDouble();
    double u2 = g.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static Shape checked(Key key, Shape shape) {
    Checks.notNull(key, "key");
    return Checks.notNull(shape, "shape");
  }

  private static double nonNegative(double v, String name) {
    if (!(Checks.finite(v, name) >= 0)) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + v);
    }
    return v;
  }

  private static double positive(double v, String name) {
    if (!(Checks.finite(v, name) > 0)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
    return v;
  }

  private static double square(double v) {
    return v * v;
  }
}
