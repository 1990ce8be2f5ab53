package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.EnumSet;
import java.util.Set;

/**
 * Settings of {@link GradCheck}. An entry passes when {@code |actual - expected| <= atol + rtol *
 * |expected|}; finite differences use the step {@code step * max(1, |x|)} per entry (directional
 * ones {@code step * max(1, max |x|)}), refined by Richardson extrapolation when enabled.
 *
 * @param step the relative finite-difference step, in {@code [1e-8, 1e-2]}
 * @param rtol the relative tolerance, {@code >= 0}
 * @param atol the absolute tolerance, {@code >= 0}
 * @param seed the seed of the random directions {@code u} and {@code v}
 * @param checks the checks to run (the value is always checked)
 * @param richardson whether to extrapolate central differences at {@code h} and {@code h/2}
 * @param maxEntries the most entries per variable checked against finite differences (a random
 *     sample beyond that), {@code >= 1}
 */
public record Options(double step, double rtol, double atol, long seed, Set<CheckKind> checks, boolean richardson,
    int maxEntries) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a value is out of range or {@code checks} is null
   */
  public Options {
    if (!(step >= 1e-8 && step <= 1e-2)) {
      throw new IllegalArgumentException("Options: step must be in [1e-8, 1e-2], got " + step);
    }
    if (!(rtol >= 0) || !(atol >= 0) || maxEntries < 1) {
      throw new IllegalArgumentException("Options: need rtol >= 0, atol >= 0, maxEntries >= 1");
    }
    Checks.notNull(checks, "checks");
    checks = java.util.Collections.unmodifiableSet(checks.isEmpty() ? EnumSet.noneOf(CheckKind.class) : EnumSet.copyOf(checks));
  }

  /** {@return step 1e-5, rtol 1e-5, atol 1e-7, seed 0, every check, Richardson on, at most 64 entries} */
  public static Options defaults() {
    return new Options(1e-5, 1e-5, 1e-7, 0, EnumSet.allOf(CheckKind.class), true, 64);
  }

  /**
   * {@return these options with another relative step}
   *
   * @param step the relative step, in {@code [1e-8, 1e-2]}
   */
  public Options withStep(double step) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries);
  }

  /**
   * {@return these options with other tolerances}
   *
   * @param rtol the relative tolerance, {@code >= 0}
   * @param atol the absolute tolerance, {@code >= 0}
   */
  public Options withTolerance(double rtol, double atol) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries);
  }

  /**
   * {@return these options with another seed}
   *
   * @param seed any long; seeds the random directions {@code u} and {@code v}
   */
  public Options withSeed(long seed) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries);
  }

  /**
   * {@return these options running only {@code checks}}
   *
   * @param checks any of them, none included; the value is always checked
   */
  public Options withChecks(CheckKind... checks) {
    Set<CheckKind> s = EnumSet.noneOf(CheckKind.class);
    s.addAll(java.util.Arrays.asList(Checks.notNull(checks, "checks")));
    return new Options(step, rtol, atol, seed, s, richardson, maxEntries);
  }

  /**
   * {@return these options with Richardson extrapolation on or off}
   *
   * @param richardson whether to use Richardson extrapolation
   */
  public Options withRichardson(boolean richardson) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries);
  }

  /**
   * {@return these options checking at most {@code maxEntries} entries per variable by finite differences}
   *
   * @param maxEntries the most entries checked per variable
   */
  public Options withMaxEntries(int maxEntries) {
    return new Options(step, rtol, atol, seed, checks, richardson, maxEntries);
  }

  /**
   * {@return true if {@code kind} is to run}
   *
   * @param kind any check
   */
  public boolean runs(CheckKind kind) {
    return kind == CheckKind.VALUE || checks.contains(kind);
  }
}
