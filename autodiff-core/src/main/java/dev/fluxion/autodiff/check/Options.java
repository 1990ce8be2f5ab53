package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Settings of {@link GradCheck}. An entry passes when {@code |actual - expected| <= atol + rtol *
 * |expected|}; finite differences use the step {@code step * max(1, |x|)} per entry (directional
 * ones {@code step * max(1, max |x|)}), refined by Richardson extrapolation when enabled.
 *
 * <p>A function that computes in float32 is checked through its float64 twin (finite differences
 * are always taken in float64); its float32 results then pass against the twin's when
 * {@code |actual - expected| <= atol + float32Rtol * (|expected| + max |expected|)}, the maximum
 * over the compared tensor: float32 rounding errors scale with the operands, not with a cancelled
 * result. The default {@code float32Rtol} is {@code sqrt(eps32) = 2^-11.5 ≈ 3.45e-4}, room for a
 * condition number of about 2900 (JAX's {@code check_grads} uses {@code 2e-3} for float32,
 * {@code 1e-5} for float64, with finite differences in float32).
 *
 * @param step the relative finite-difference step, in {@code [1e-8, 1e-2]}
 * @param rtol the relative tolerance, {@code >= 0}
 * @param atol the absolute tolerance, {@code >= 0}
 * @param seed the seed of the random directions {@code u} and {@code v}
 * @param checks the checks to run (the value is always checked)
 * @param richardson whether to extrapolate central differences at {@code h} and {@code h/2}
 * @param maxEntries the most entries per variable checked against finite differences (a random
 *     sample beyond that), {@code >= 1}
 * @param float32Rtol the relative tolerance of float32 results against the float64 twin, {@code >= 0}
 */
public record Options(double step, double rtol, double atol, long seed, Set<CheckKind> checks, boolean richardson,
    int maxEntries, double float32Rtol) {
  /** {@code sqrt(eps32) = 2^-11.5}: the default relative tolerance of float32 results. */
  private static final double FLOAT32_RTOL = Math.sqrt(DType.FLOAT32.epsilon());

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a value is out of range or {@code checks} is null
   */
  public Options {
    if (!(step >= 1e-8 && step <= 1e-2)) {
      throw new IllegalArgumentException("Options: step must be in [1e-8, 1e-2], got " + step);
    }
    if (!(rtol >= 0) || !(atol >= 0) || maxEntries < 1 || !(float32Rtol >= 0)) {
      throw new IllegalArgumentException("Options: need rtol >= 0, atol >= 0, maxEntries >= 1, float32Rtol >= 0");
    }
    Checks.notNull(checks, "checks");
    checks = java.util.Collections.unmodifiableSet(checks.isEmpty() ? EnumSet.noneOf(CheckKind.class) : EnumSet.copyOf(checks));
  }

  /**
   * {@return step 1e-5, rtol 1e-5, atol 1e-7, seed 0, every check, Richardson on, at most 64
   * entries, float32Rtol {@code sqrt(eps32) ≈ 3.45e-4}}
   */
  public static Options defaults() {
    return new Options(1e-5, 1e-5, 1e-7, 0, EnumSet.allOf(CheckKind.class), true, 64, FLOAT32_RTOL);
  }

  /**
   * {@return these options with another relative step}
   *
   * @param step the relative step, in {@code [1e-8, 1e-2]}
   */
  public Options withStep(double step) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries, float32Rtol);
  }

  /**
   * {@return these options with other tolerances}
   *
   * @param rtol the relative tolerance, {@code >= 0}
   * @param atol the absolute tolerance, {@code >= 0}
   */
  public Options withTolerance(double rtol, double atol) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries, float32Rtol);
  }

  /**
   * {@return these options with another seed}
   *
   * @param seed any long; seeds the random directions {@code u} and {@code v}
   */
  public Options withSeed(long seed) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries, float32Rtol);
  }

  /**
   * {@return these options running only {@code checks}}
   *
   * @param checks any of them, none included; the value is always checked
   */
  public Options withChecks(CheckKind... checks) {
    Set<CheckKind> s = EnumSet.noneOf(CheckKind.class);
    s.addAll(java.util.Arrays.asList(Checks.notNull(checks, "checks")));
    return new Options(step, rtol, atol, seed, s, richardson, maxEntries, float32Rtol);
  }

  /**
   * {@return these options with Richardson extrapolation on or off}
   *
   * @param richardson whether to use Richardson extrapolation
   */
  public Options withRichardson(boolean richardson) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries, float32Rtol);
  }

  /**
   * {@return these options checking at most {@code maxEntries} entries per variable by finite differences}
   *
   * @param maxEntries the most entries checked per variable
   */
  public Options withMaxEntries(int maxEntries) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries, float32Rtol);
  }

  /**
   * {@return these options with another relative tolerance for float32 results against the float64 twin}
   *
   * @param float32Rtol {@code >= 0}; the default is {@code sqrt(eps32) ≈ 3.45e-4}
   */
  public Options withFloat32Tolerance(double float32Rtol) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries, float32Rtol);
  }

  /**
   * {@return true if {@code kind} is to run: the value and the float32 comparison always are}
   *
   * @param kind any check
   */
  public boolean runs(CheckKind kind) {
    return kind == CheckKind.VALUE || kind == CheckKind.FLOAT32 || checks.contains(kind);
  }
}
