package dev.fluxion.nn.text;

import java.util.Arrays;

/** A growable list of ints, for encoders. */
final class Ints {
  private int[] a = new int[64];
  private int n;

  void add(int x) {
    if (n == a.length) {
      a = Arrays.copyOf(a, Math.max(64, a.length * 2));
    }
    a[n++] = x;
  }

  void addAll(int[] xs) {
    if (n + xs.length > a.length) {
      a = Arrays.copyOf(a, Math.max(n + xs.length, a.length * 2));
    }
    System.arraycopy(xs, 0, a, n, xs.length);
    n += xs.length;
  }

  int size() {
    return n;
  }

  int get(int i) {
    return a[i];
  }

  void clear() {
    n = 0;
  }

  /** The backing array; its first {@link #size()} elements are the list. */
  int[] array() {
    return a;
  }

  int[] toArray() {
    return Arrays.copyOf(a, n);
  }
}
