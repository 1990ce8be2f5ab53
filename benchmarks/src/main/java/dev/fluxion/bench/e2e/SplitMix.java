package dev.fluxion.bench.e2e;

/**
 * The batch order both sides of the comparison share: SplitMix64 (Steele, Lea and Flood 2014) and
 * a Fisher–Yates shuffle driven by it, small enough to implement identically in Python
 * ({@code benchmarks/e2e/train_torch.py}).
 */
public final class SplitMix {
  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  /**
   * A generator whose first output is {@code mix(seed + GAMMA)}.
   *
   * @param seed any 64-bit value
   */
  public SplitMix(long seed) {
    this.state = seed;
  }

  /** {@return the next 64-bit output} */
  public long next() {
    state += GAMMA;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The permutation of {@code 0..n-1} for one epoch: Fisher–Yates from the last index down, index
   * {@code i} swapped with {@code next() mod (i + 1)} (unsigned), the generator seeded with
   * {@code seed + epoch}.
   *
   * @param n the number of examples, {@code >= 0}
   * @param seed the run's seed
   * @param epoch the epoch, from 0
   * @return a fresh permutation
   */
  public static int[] permutation(int n, long seed, int epoch) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplitMix g = new SplitMix(seed + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = (int) Long.remainderUnsigned(g.next(), i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
