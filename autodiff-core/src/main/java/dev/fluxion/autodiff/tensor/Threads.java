package dev.fluxion.autodiff.tensor;

/**
 * How many threads Fluxion's kernels (matrix products, convolutions) may use, the calling thread
 * included: the counterpart of {@code torch.set_num_threads} / {@code torch.get_num_threads}.
 *
 * <p>The default is {@link Runtime#availableProcessors()}. The system property {@value #PROPERTY}
 * (e.g. {@code -Dfluxion.threads=1}, or {@code FLUXION_OPTS=-Dfluxion.threads=1 ./fluxion ...})
 * overrides it; the property is read once, when this class loads, and an invalid value fails the
 * first {@link #count()} (so the first large product) with an error naming the property.
 * {@link #setCount} overrides both for the whole JVM from then on.
 *
 * <p>The count never changes results: kernels cut their work into a number of chunks fixed by the
 * sizes alone and combine partial results in a fixed order, so 1, 2 or 64 threads give the same
 * bits. Several threads calling kernels at once share one pool (a call that finds it busy runs on
 * its own thread), so they never oversubscribe the machine or wait for each other.
 */
public final class Threads {
  /** The system property that sets the thread count: a whole number from 1 to {@value #MAX}. */
  public static final String PROPERTY = "fluxion.threads";
  /** The largest thread count accepted. */
  public static final int MAX = 256;

  private static final String PROPERTY_ERROR;
  private static volatile int count;

  static {
    String raw = System.getProperty(PROPERTY);
    int parsed = raw == null ? Runtime.getRuntime().availableProcessors() : parse(raw);
    count = parsed;
    PROPERTY_ERROR = parsed > 0 ? "" : "system property " + PROPERTY + "=\"" + raw
        + "\" is not a thread count: expected a whole number from 1 to " + MAX;
  }

  private Threads() {}

  /**
   * {@return the number of threads kernels may use, the caller included (at least 1)}
   *
   * @throws IllegalStateException if the system property {@value #PROPERTY} was set to an invalid
   *     value and {@link #setCount} has not been called since
   */
  public static int count() {
    int n = count;
    if (n <= 0) {
      throw new IllegalStateException(PROPERTY_ERROR + " (or call Threads.setCount)");
    }
    return n;
  }

  /**
   * Sets the number of threads kernels may use from now on, for the whole JVM, the caller included:
   * {@code 1} runs everything on the calling thread. Idle pool threads beyond the count stay parked.
   *
   * @param threads the thread count, {@code 1 <= threads <= }{@value #MAX}; more than the
   *     available processors is allowed (results do not change) but only slows the kernels down
   * @throws IllegalArgumentException if {@code threads} is out of range
   */
  public static void setCount(int threads) {
    if (threads < 1 || threads > MAX) {
      throw new IllegalArgumentException("Threads.setCount: " + threads + " threads: expected 1 to " + MAX);
    }
    count = threads;
  }

  /** The thread count written in {@code raw}, or 0 when it is not a whole number from 1 to MAX. */
  static int parse(String raw) {
    try {
      int n = Integer.parseInt(raw.strip());
      return n >= 1 && n <= MAX ? n : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
