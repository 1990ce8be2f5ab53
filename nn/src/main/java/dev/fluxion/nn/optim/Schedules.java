package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * Learning-rate schedules as pure functions of the step (Optax's {@code schedules}, PyTorch's
 * {@code lr_scheduler}): the same step always gives the same value, so a run resumed from a
 * checkpoint follows the uninterrupted schedule exactly.
 *
 * <p>Every returned schedule throws {@link IllegalArgumentException} for a negative step, and
 * prints as its factory call.
 */
public final class Schedules {
  private Schedules() {}

  /** A schedule with a readable name that rejects negative steps. */
  private record Named(String description, LongToDoubleFunction f) implements Schedule {
    @Override
    public double at(long step) {
      if (step < 0) {
        throw new IllegalArgumentException(description + ": step must be >= 0, got " + step);
      }
      return f.applyAsDouble(step);
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /**
   * {@return {@code value} at every step}
   *
   * @param value finite
   * @throws IllegalArgumentException if {@code value} is not finite
   */
  public static Schedule constant(double value) {
    Checks.finite(value, "value");
    return new Named("constant(" + value + ")", step -> value);
  }

  /**
   * {@return linear interpolation (Optax {@code linear_schedule}):
   * {@code init + (end - init) · min(step, transitionSteps) / transitionSteps}, then {@code end}}
   *
   * @param init the value at step 0, finite
   * @param end the value from {@code transitionSteps} on, finite
   * @param transitionSteps {@code >= 1}
   * @throws IllegalArgumentException if a value is not finite or {@code transitionSteps < 1}
   */
  public static Schedule linear(double init, double end, long transitionSteps) {
    finite(init, "init", end, "end");
    atLeast(transitionSteps, 1, "transitionSteps");
    return new Named("linear(" + init + ", " + end + ", " + transitionSteps + ")",
        step -> init + (end - init) * Math.min(step, transitionSteps) / transitionSteps);
  }

  /**
   * {@return step decay (PyTorch {@code StepLR}): {@code initial · factor^⌊step / everySteps⌋}}
   *
   * @param initial the value at step 0, finite
   * @param factor the multiplier applied every {@code everySteps} steps, finite, {@code >= 0}
   * @param everySteps {@code >= 1}
   * @throws IllegalArgumentException if a value is not finite, {@code factor < 0} or {@code everySteps < 1}
   */
  public static Schedule stepDecay(double initial, double factor, long everySteps) {
    finite(initial, "initial", factor, "factor");
    nonNegative(factor, "factor");
    atLeast(everySteps, 1, "everySteps");
    return new Named("stepDecay(" + initial + ", " + factor + ", " + everySteps + ")",
        step -> initial * Math.pow(factor, step / everySteps));
  }

  /**
   * {@return exponential decay (Optax {@code exponential_decay}): {@code initial · rate^(step / decaySteps)},
   * the exponent floored when {@code staircase}}
   *
   * @param initial the value at step 0, finite
   * @param rate the factor per {@code decaySteps} steps, finite, {@code > 0}
   * @param decaySteps {@code >= 1}
   * @param staircase decay in discrete jumps every {@code decaySteps} steps
   * @throws IllegalArgumentException if a value is not finite, {@code rate <= 0} or {@code decaySteps < 1}
   */
  public static Schedule exponential(double initial, double rate, long decaySteps, boolean staircase) {
    finite(initial, "initial", rate, "rate");
    positive(rate, "rate");
    atLeast(decaySteps, 1, "decaySteps");
    return new Named("exponential(" + initial + ", " + rate + ", " + decaySteps + ", " + staircase + ")",
        step -> initial * Math.pow(rate, staircase ? (double) (step / decaySteps) : (double) step / decaySteps));
  }

  /**
   * {@return cosine decay (Optax {@code cosine_decay_schedule}, Loshchilov &amp; Hutter 2017):
   * {@code initial · ((1 - alpha) · ½(1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha)}}
   *
   * @param initial the value at step 0, finite
   * @param decaySteps the steps to reach the floor, {@code >= 1}
   * @param alpha the floor as a fraction of {@code initial}, finite (usually in {@code [0, 1]})
   * @throws IllegalArgumentException if a value is not finite or {@code decaySteps < 1}
   */
  public static Schedule cosine(double initial, long decaySteps, double alpha) {
    finite(initial, "initial", alpha, "alpha");
    atLeast(decaySteps, 1, "decaySteps");
    return new Named("cosine(" + initial + ", " + decaySteps + ", " + alpha + ")",
        step -> initial * ((1 - alpha) * halfCosine(Math.min(step, decaySteps), decaySteps) + alpha));
  }

  /**
   * {@return linear warmup from 0 to {@code peak} over {@code warmupSteps}, then cosine decay to {@code end}
   * at {@code decaySteps} (Optax {@code warmup_cosine_decay_schedule} with {@code init_value = 0};
   * {@code decaySteps} counts the warmup): {@code peak · step / warmupSteps} for
   * {@code step < warmupSteps}, else {@code end + (peak - end) · ½(1 + cos(π · min(s, d) / d))}
   * with {@code s = step - warmupSteps}, {@code d = decaySteps - warmupSteps}}
   *
   * @param peak the value at the end of the warmup, finite
   * @param warmupSteps {@code >= 0}
   * @param decaySteps the total length of warmup and decay, {@code > warmupSteps}
   * @param end the final value, finite
   * @throws IllegalArgumentException if a value is not finite, {@code warmupSteps < 0} or {@code decaySteps <= warmupSteps}
   */
  public static Schedule warmupCosine(double peak, long warmupSteps, long decaySteps, double end) {
    finite(peak, "peak", end, "end");
    atLeast(warmupSteps, 0, "warmupSteps");
    if (decaySteps <= warmupSteps) {
      throw new IllegalArgumentException("warmupCosine: decaySteps (" + decaySteps + ") must exceed warmupSteps ("
          + warmupSteps + "); it counts the warmup");
    }
    long d = decaySteps - warmupSteps;
    return new Named("warmupCosine(" + peak + ", " + warmupSteps + ", " + decaySteps + ", " + end + ")",
        step -> step < warmupSteps ? peak * step / warmupSteps
            : end + (peak - end) * halfCosine(Math.min(step - warmupSteps, d), d));
  }

  /**
   * {@return triangular cyclical learning rate (Smith 2017, "Cyclical Learning Rates"): with
   * {@code cycle = ⌊1 + step / (2 stepSize)⌋} and {@code x = |step / stepSize - 2 cycle + 1|},
   * {@code base + (max - base) · max(0, 1 - x)}; period {@code 2 stepSize}}
   *
   * @param base the value at the start of each cycle, finite
   * @param max the value at the middle of each cycle, finite
   * @param stepSize half the period, {@code >= 1}
   * @throws IllegalArgumentException if a value is not finite or {@code stepSize < 1}
   */
  public static Schedule triangular(double base, double max, long stepSize) {
    return cyclical("triangular(" + base + ", " + max + ", " + stepSize + ")", base, max, stepSize, 0, 1);
  }

  /**
   * {@return triangular cyclical learning rate whose amplitude halves every cycle (Smith 2017's
   * {@code triangular2}): the {@link #triangular} amplitude times {@code 1 / 2^(cycle - 1)}}
   *
   * @param base the value at the start of each cycle, finite
   * @param max the value at the middle of the first cycle, finite
   * @param stepSize half the period, {@code >= 1}
   * @throws IllegalArgumentException if a value is not finite or {@code stepSize < 1}
   */
  public static Schedule triangular2(double base, double max, long stepSize) {
    return cyclical("triangular2(" + base + ", " + max + ", " + stepSize + ")", base, max, stepSize, 1, 1);
  }

  /**
   * {@return Exponential-range cyclical learning rate (Smith 2017's {@code exp_range}): the
   * {@link #triangular} amplitude times {@code gamma^step}}
   *
   * @param base the value at the start of each cycle, finite
   * @param max the value at the middle of the first cycle (before decay), finite
   * @param stepSize half the period, {@code >= 1}
   * @param gamma the per-step amplitude factor, finite, {@code > 0} (usually just below 1)
   * @throws IllegalArgumentException if a value is not finite, {@code gamma <= 0} or {@code stepSize < 1}
   */
  public static Schedule expRange(double base, double max, long stepSize, double gamma) {
    Checks.finite(gamma, "gamma");
    positive(gamma, "gamma");
    return cyclical("expRange(" + base + ", " + max + ", " + stepSize + ", " + gamma + ")", base, max, stepSize, 2, gamma);
  }

  /** mode 0: triangular, 1: triangular2, 2: exp_range. */
  private static Schedule cyclical(String name, double base, double max, long stepSize, int mode, double gamma) {
    finite(base, "base", max, "max");
    atLeast(stepSize, 1, "stepSize");
    if (stepSize > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("stepSize must be <= 2^62, got " + stepSize);
    }
    return new Named(name, step -> {
      long cycle = 1 + step / (2 * stepSize);
      double x = Math.abs((double) step / stepSize - 2 * cycle + 1);
      double scale = switch (mode) {
        case 0 -> 1;
        case 1 -> Math.pow(0.5, cycle - 1);
        default -> Math.pow(gamma, step);
      };
      return base + (max - base) * Math.max(0, 1 - x) * scale;
    });
  }

  /**
   * {@return the 1cycle policy with cosine annealing (PyTorch {@code OneCycleLR}, {@code three_phase=False}):
   * from {@code maxLr / divFactor} up to {@code maxLr} at step {@code e1 = pctStart · totalSteps - 1},
   * then down to {@code maxLr / (divFactor · finalDivFactor)} at step {@code totalSteps - 1}; each
   * phase anneals {@code a → b} as {@code b + (a - b) · ½(1 + cos(π · pct))}} Unlike PyTorch, which
   * raises past {@code totalSteps}, steps after the last stay at the final value.
   *
   * @param maxLr the peak value, finite
   * @param totalSteps the length of the cycle, {@code >= 2}
   * @param pctStart the fraction of steps spent increasing, in {@code (0, 1)} with {@code pctStart · totalSteps > 1}
   * @param divFactor {@code maxLr / initial}, finite, {@code > 0}
   * @param finalDivFactor {@code initial / final}, finite, {@code > 0}
   * @throws IllegalArgumentException if an argument is out of its domain
   */
  public static Schedule oneCycle(double maxLr, long totalSteps, double pctStart, double divFactor, double finalDivFactor) {
    finite(maxLr, "maxLr", pctStart, "pctStart");
    finite(divFactor, "divFactor", finalDivFactor, "finalDivFactor");
    positive(divFactor, "divFactor");
    positive(finalDivFactor, "finalDivFactor");
    atLeast(totalSteps, 2, "totalSteps");
    double e1 = pctStart * totalSteps - 1;
    double e2 = totalSteps - 1;
    if (!(pctStart < 1 && e1 > 0)) {
      throw new IllegalArgumentException("oneCycle: pctStart must be in (0, 1) with pctStart * totalSteps > 1, got "
          + pctStart + " for " + totalSteps + " steps");
    }
    double initial = maxLr / divFactor;
    double last = initial / finalDivFactor;
    return new Named("oneCycle(" + maxLr + ", " + totalSteps + ", " + pctStart + ", " + divFactor + ", "
        + finalDivFactor + ")", step -> step <= e1 ? anneal(initial, maxLr, step / e1)
            : anneal(maxLr, last, Math.min(1, (step - e1) / (e2 - e1))));
  }

  /**
   * {@return {@link #oneCycle(double, long, double, double, double)} with PyTorch's defaults:
   * {@code pctStart = 0.3}, {@code divFactor = 25}, {@code finalDivFactor = 1e4}}
   *
   * @param maxLr the peak value, finite
   * @param totalSteps the length of the cycle, {@code >= 4}
   * @throws IllegalArgumentException if an argument is out of its domain
   */
  public static Schedule oneCycle(double maxLr, long totalSteps) {
    return oneCycle(maxLr, totalSteps, 0.3, 25, 1e4);
  }

  /**
   * {@return schedules run one after another (Optax {@code join_schedules}): {@code schedules[0](step)} before
   * {@code boundaries[0]}; from {@code boundaries[i]} on, {@code schedules[i+1](step - boundaries[i])}}
   *
   * @param schedules {@code n >= 1} schedules
   * @param boundaries {@code n - 1} non-decreasing steps, each {@code >= 0}
   * @throws IllegalArgumentException if a schedule is null, the counts disagree or the boundaries are invalid
   */
  public static Schedule join(List<? extends Schedule> schedules, long... boundaries) {
    Checks.notNull(schedules, "schedules");
    Checks.notNull(boundaries, "boundaries");
    Schedule[] parts = schedules.toArray(new Schedule[0]);
    long[] bounds = boundaries.clone();
    if (parts.length == 0 || bounds.length != parts.length - 1) {
      throw new IllegalArgumentException("join: " + parts.length + " schedules need " + Math.max(0, parts.length - 1)
          + " boundaries, got " + bounds.length);
    }
    for (int i = 0; i < parts.length; i++) {
      Checks.notNull(parts[i], "schedules[" + i + "]");
    }
    for (int i = 0; i < bounds.length; i++) {
      if (bounds[i] < 0 || (i > 0 && bounds[i] < bounds[i - 1])) {
        throw new IllegalArgumentException("join: boundaries must be >= 0 and non-decreasing, got "
            + java.util.Arrays.toString(bounds));
      }
    }
    return new Named("join(" + List.of(parts) + ", " + java.util.Arrays.toString(bounds) + ")", step -> {
      int i = bounds.length;
      while (i > 0 && step < bounds[i - 1]) {
        i--;
      }
      return parts[i].at(i == 0 ? step : step - bounds[i - 1]);
    });
  }

  /** {@code ½(1 + cos(π · count / steps))}. */
  private static double halfCosine(long count, long steps) {
    return 0.5 * (1 + Math.cos(Math.PI * count / steps));
  }

  /** PyTorch's {@code _annealing_cos}: from {@code start} at {@code pct = 0} to {@code end} at {@code pct = 1}. */
  private static double anneal(double start, double end, double pct) {
    return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
  }

  private static void finite(double a, String aName, double b, String bName) {
    Checks.finite(a, aName);
    Checks.finite(b, bName);
  }

  private static void nonNegative(double v, String name) {
    if (!(v >= 0)) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + v);
    }
  }

  private static void positive(double v, String name) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
  }

  private static void atLeast(long v, long min, String name) {
    if (v < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
    }
  }
}
