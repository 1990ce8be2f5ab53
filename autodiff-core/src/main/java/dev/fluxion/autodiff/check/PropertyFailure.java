package dev.fluxion.autodiff.check;

import org.jspecify.annotations.Nullable;

/**
 * A falsified property: the seed and try that found the counterexample, the original and the
 * shrunk counterexample, and (as the cause) the failure of the shrunk one.
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;
  /** The seed the property ran with. */
  private final long seed;
  /** The 1-based try that failed first. */
  private final int tryNumber;
  private final transient Object original;
  private final transient Object shrunk;
  /** The number of successful shrink steps. */
  private final int shrinkSteps;

  PropertyFailure(String message, long seed, int tryNumber, Object original, Object shrunk, int shrinkSteps,
      @Nullable Throwable cause) {
    super(message, cause);
    this.seed = seed;
    this.tryNumber = tryNumber;
    this.original = original;
    this.shrunk = shrunk;
    this.shrinkSteps = shrinkSteps;
  }

  /** {@return the seed the property ran with} */
  public long seed() {
    return seed;
  }

  /** {@return the 1-based try that failed first} */
  public int tryNumber() {
    return tryNumber;
  }

  /** {@return the counterexample as generated} */
  public Object original() {
    return original;
  }

  /** {@return the counterexample after greedy shrinking} */
  public Object shrunk() {
    return shrunk;
  }

  /** {@return the number of successful shrink steps} */
  public int shrinkSteps() {
    return shrinkSteps;
  }
}
