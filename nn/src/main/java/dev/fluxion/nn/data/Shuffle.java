package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Key;
import java.util.SplittableRandom;

/** Seeded permutations (Fisher–Yates), the one shuffle used by samplers and splits. */
final class Shuffle {
  private Shuffle() {}

  /** A permutation of {@code 0..n-1} determined by {@code key} alone. */
  static int[] permutation(int n, Key key) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p, key);
    return p;
  }

  /** Shuffles {@code a} in place, determined by {@code key} alone. */
  static void shuffle(int[] a, Key key) {
    SplittableRandom g = key.generator();
    for (int i = a.length - 1; i > 0; i--) {
      int j = g.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
