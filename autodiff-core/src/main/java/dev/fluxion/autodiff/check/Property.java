package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A seeded property runner for plain JUnit 5: draws {@code tries} values, and on the first
 * failure shrinks greedily (take the first smaller candidate that still fails, repeat) and throws
 * a {@link PropertyFailure} naming the seed, the try, the original and the shrunk counterexample.
 * A candidate counts as failing only if it fails with the same exception class as the original,
 * so shrinking does not slip from one bug to another (or to an ill-formed input).
 *
 * <p>Try {@code i} draws from {@code Key.of(seed).fold(i)}, so one try can be replayed alone.
 * Shrinking stops after {@value #MAX_SHRINK_STEPS} steps or {@value #MAX_SHRINK_EVALUATIONS}
 * evaluations.
 */
public final class Property {
  /** The most successful shrink steps. */
  public static final int MAX_SHRINK_STEPS = 500;
  /** The most candidate evaluations while shrinking. */
  public static final int MAX_SHRINK_EVALUATIONS = 5000;

  private Property() {}

  /**
   * Runs {@code check} on {@code tries} values; a check fails by throwing (an
   * {@link AssertionError} or a runtime exception).
   *
   * @param gen draws and shrinks the values
   * @param seed the seed; fixed in tests
   * @param tries the number of values, {@code >= 1}
   * @param check throws (an {@code AssertionError} or any exception) on a failing value
   * @param <T> the value type
   * @throws PropertyFailure on the first failing value, after shrinking
   * @throws IllegalArgumentException if {@code tries < 1} or an argument is null
   */
  public static <T> void forAll(Gen<T> gen, long seed, int tries, Consumer<? super T> check) {
    Checks.notNull(gen, "gen");
    Checks.notNull(check, "check");
    if (tries < 1) {
      throw new IllegalArgumentException("forAll: tries must be >= 1, got " + tries);
    }
    for (int i = 1; i <= tries; i++) {
      T value = gen.generate(random(seed, i));
      Throwable failure = failure(check, value);
      if (failure != null) {
        throw shrunk(gen, seed, i, tries, value, failure, check);
      }
    }
  }

  /**
   * Runs {@code check} on {@code tries} values; it fails by returning false or throwing.
   *
   * @param <T> the value type
   * @param gen draws and shrinks the values
   * @param seed any long; fixed in tests, so a failure replays
   * @param tries the number of values, {@code >= 1}
   * @param check false or throwing on a failing value
   * @throws PropertyFailure on the first failing value, after shrinking
   */
  public static <T> void forAllTrue(Gen<T> gen, long seed, int tries, Predicate<? super T> check) {
    Checks.notNull(check, "check");
    forAll(gen, seed, tries, t -> {
      if (!check.test(t)) {
        throw new AssertionError("the predicate is false");
      }
    });
  }

  /**
   * {@return the generator state of try {@code i} (1-based) of {@code seed}}
   *
   * @param seed the run's seed
   * @param i the try, 1-based
   */
  public static SplittableRandom random(long seed, int i) {
    return Key.of(seed).fold(i).generator();
  }

  private static <T> PropertyFailure shrunk(Gen<T> gen, long seed, int i, int tries, T original, Throwable first,
      Consumer<? super T> check) {
    T current = original;
    Throwable failure = first;
    int steps = 0;
    int evaluations = 0;
    boolean progress = true;
    while (progress && steps < MAX_SHRINK_STEPS && evaluations < MAX_SHRINK_EVALUATIONS) {
      progress = false;
      Iterator<T> it = gen.shrink(current).iterator();
      while (it.hasNext() && evaluations < MAX_SHRINK_EVALUATIONS) {
        T candidate = it.next();
        evaluations++;
        Throwable f = failure(check, candidate);
        if (f != null && f.getClass() == failure.getClass()) {
          current = candidate;
          failure = f;
          steps++;
          progress = true;
          break;
        }
      }
    }
    String message = "Property failed (seed=" + seed + "L, try " + i + " of " + tries + ", shrunk in " + steps
        + " steps)\n  original: " + gen.describe(original) + "\n  shrunk:   " + gen.describe(current)
        + "\n  failure:  " + failure;
    return new PropertyFailure(message, seed, i, original, current, steps, failure);
  }

  private static <T> @Nullable Throwable failure(Consumer<? super T> check, T value) {
    try {
      check.accept(value);
      return null;
    } catch (AssertionError | RuntimeException e) {
      return e;
    }
  }
}
