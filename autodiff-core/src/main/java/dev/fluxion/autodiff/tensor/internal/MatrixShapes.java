package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Shape;
import java.util.Arrays;

/**
 * Shapes of stacks of matrices {@code [..., r, c]} for the linear-algebra ops: the leading axes are
 * batch axes, each matrix is handled on its own, and two operands must have the same batch axes (no
 * broadcasting between them).
 */
public final class MatrixShapes {
  private MatrixShapes() {}

  /**
   * {@return {@code n} of a stack of square matrices {@code [..., n, n]}}
   *
   * @param op the op's name, for the message
   * @param a any shape; a stack of square matrices passes
   * @throws IllegalArgumentException naming the op and the shape if the rank is below 2 or the last two
   *     dimensions differ
   */
  public static int square(String op, Shape a) {
    if (a.rank() < 2 || a.dim(-1) != a.dim(-2)) {
      throw new IllegalArgumentException(op + ": needs a square matrix [n, n] or a stack of them [..., n, n], got "
          + a);
    }
    return a.dim(-1);
  }

  /**
   * Checks a system {@code A X = B}: {@code A [..., n, n]} and {@code B [..., n, m]} with the same batch axes.
   *
   * @param op the op's name, for the message
   * @param a the matrices' shape
   * @param b the right-hand sides' shape
   * @throws IllegalArgumentException naming the op and both shapes if they do not fit
   */
  public static void system(String op, Shape a, Shape b) {
    int n = square(op, a);
    if (b.rank() != a.rank() || b.dim(-2) != n || !batch(a).equals(batch(b))) {
      throw misfit(op, a, b);
    }
  }

  /**
   * {@return whether {@code b} is a stack of vectors {@code [..., n]} for {@code A [..., n, n]} (rank one
   * less than {@code a}'s), rather than of matrices}
   *
   * @param op the op's name, for the message
   * @param a the matrices' shape
   * @param b the right-hand sides' shape
   * @throws IllegalArgumentException naming the op and both shapes if {@code b} has {@code a}'s rank less
   *     one but does not fit
   */
  public static boolean vectors(String op, Shape a, Shape b) {
    if (a.rank() < 2 || b.rank() != a.rank() - 1) {
      return false;
    }
    int n = square(op, a);
    if (b.dim(-1) != n || !batch(a).equals(Shape.of(Arrays.copyOf(b.toArray(), b.rank() - 1)))) {
      throw misfit(op, a, b);
    }
    return true;
  }

  private static IllegalArgumentException misfit(String op, Shape a, Shape b) {
    return new IllegalArgumentException(op + ": needs a square matrix A [..., n, n] and B [..., n, m] (or b [..., n])"
        + " with the same batch dimensions (leading axes; they do not broadcast), got " + a + " and " + b);
  }

  /**
   * {@return the batch shape: all axes but the last two}
   *
   * @param a rank at least 2
   */
  public static Shape batch(Shape a) {
    return Shape.of(Arrays.copyOf(a.toArray(), a.rank() - 2));
  }

  /**
   * {@return the number of matrices in the stack: the product of the batch dimensions}
   *
   * @param a rank at least 2
   */
  public static int count(Shape a) {
    return batch(a).size();
  }

  /**
   * {@return {@code ""} for a single matrix, else {@code " (batch element [i, j])"} naming matrix {@code k}}
   *
   * @param a the stack's shape, rank at least 2
   * @param k the matrix's position in row-major order, in {@code [0, count(a))}
   */
  public static String element(Shape a, int k) {
    Shape batch = batch(a);
    if (batch.rank() == 0) {
      return "";
    }
    int[] index = new int[batch.rank()];
    int rest = k;
    for (int i = batch.rank() - 1; i >= 0; i--) {
      index[i] = rest % batch.dim(i);
      rest /= batch.dim(i);
    }
    return " (batch element " + Arrays.toString(index) + ")";
  }
}
