package dev.fluxion.autodiff.tensor;

import java.util.SplittableRandom;

/**
 * An immutable, splittable random key: the only source of randomness in Fluxion.
 *
 * <p>Like JAX's {@code PRNGKey}: the same key always yields the same numbers; {@link #split()}
 * derives independent child keys, so no global generator is ever shared or mutated.
 *
 * @param seed the 64-bit state of this key
 */
public record Key(long seed) {

  /** {@return A key from a seed} */
  public static Key of(long seed) {
    return new Key(seed);
  }

  /** {@return two independent child keys; this key should not be used again for sampling} */
  public Key[] split() {
    return split(2);
  }

  /**
   * {@return {@code n} independent child keys}
   *
   * @param n {@code >= 1}
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public Key[] split(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("split: n must be >= 1, got " + n);
    }
    Key[] keys = new Key[n];
    for (int i = 0; i < n; i++) {
      keys[i] = fold(i);
    }
    return keys;
  }

  /**
   * {@return A child key derived from this key and {@code data} (e.g. a layer index or a step)}
   *
   * @param data any long, e.g. a layer index or a step
   */
  public Key fold(long data) {
    return new Key(mix(mix(seed ^ 0x9E3779B97F4A7C15L) + mix(data + 0xD1B54A32D192ED03L)));
  }

  /** {@return A fresh JDK generator seeded by this key, for use inside one kernel only} */
  public SplittableRandom generator() {
    return new SplittableRandom(mix(seed));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
