package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.Checks;

/** Axis arguments of the DSL: all axes of an expression, negative axes normalised and checked. */
final class Axes {
  private Axes() {}

  /** {@return {@code [0, 1, ..., rank - 1]} for {@code x}'s shape} */
  static int[] all(Expr x) {
    int[] a = new int[Checks.notNull(x, "x").shape().rank()];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    return a;
  }

  /** {@return {@code axis} in {@code [0, rank)}; negative axes count from the end; errors name {@code op}} */
  static int one(String op, Expr x, int axis) {
    return normalize(op, x, new int[] {axis})[0];
  }

  /** {@return {@code axes} in {@code [0, rank)}, ascending; throws if one is out of range or repeated} */
  static int[] normalize(String op, Expr x, int[] axes) {
    if (x == null || axes == null) {
      throw new IllegalArgumentException(op + (x == null ? ": x" : ": axes") + " is null");
    }
    try {
      boolean[] mask = x.shape().axisMask(axes);
      int[] out = new int[axes.length];
      for (int i = 0, j = 0; i < mask.length; i++) {
        if (mask[i]) {
          out[j++] = i;
        }
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
  }
}
