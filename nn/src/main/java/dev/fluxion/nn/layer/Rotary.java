package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Rotary position embeddings (RoFormer, Su et al. 2021), in the rotate-half layout of GPT-NeoX and
 * LLaMA: feature {@code i < d/2} of position {@code t} pairs with feature {@code i + d/2}, and the pair
 * turns by the angle {@code t · base^(−2i/d)}:
 * {@code x' = x cos θ + rotateHalf(x) sin θ}, {@code rotateHalf([x₁ | x₂]) = [−x₂ | x₁]}. A rotation
 * keeps each vector's length, and the dot product of a query turned at {@code t₁} with a key turned
 * at {@code t₂} depends on their positions only through {@code t₁ − t₂}. No parameters.
 */
public final class Rotary {
  /** The usual base of the angles' geometric frequencies. */
  public static final double BASE = 10_000;

  private Rotary() {}

  /**
   * {@return {@code x} with every position's features turned by its angles, {@code x}'s shape}
   *
   * @param x {@code [..., T, d]}: the position axis second to last, an even feature count {@code d}
   * @param base the angles' base, {@code > 1} ({@link #BASE})
   * @throws IllegalArgumentException if {@code x} has fewer than two axes, {@code d} is odd, or {@code base <= 1}
   */
  public static Expr apply(Expr x, double base) {
    Checks.notNull(x, "x");
    int r = x.shape().rank();
    if (r < 2 || x.shape().dim(-1) % 2 != 0 || !(base > 1)) {
      throw new IllegalArgumentException("Rotary: needs x [..., T, d] with an even d and base > 1, got " + x.shape()
          + " and base " + base);
    }
    int t = x.shape().dim(-2);
    int d = x.shape().dim(-1);
    int half = d / 2;
    double[] cos = new double[t * d];
    double[] sin = new double[t * d];
    for (int p = 0; p < t; p++) {
      for (int i = 0; i < half; i++) {
        double angle = p * Math.pow(base, -2.0 * i / d);
        cos[p * d + i] = cos[p * d + i + half] = Math.cos(angle);
        sin[p * d + i] = sin[p * d + i + half] = Math.sin(angle);
      }
    }
    int[] begin = new int[r];
    int[] middle = x.shape().toArray();
    middle[r - 1] = half;
    int[] end = x.shape().toArray();
    int[] from = new int[r];
    from[r - 1] = half;
    int[] step = new int[r];
    java.util.Arrays.fill(step, 1);
    Expr first = slice(x, begin, middle, step);
    Expr second = slice(x, from, end, step);
    Expr rotated = concat(r - 1, neg(second), first);
    Expr c = constant(Tensor.of(cos, t, d).cast(x.dtype()));
    Expr s = constant(Tensor.of(sin, t, d).cast(x.dtype()));
    return x.times(c).plus(rotated.times(s));
  }
}
