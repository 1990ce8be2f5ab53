package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The one summation order of data-parallel training: a binomial tree over ranks {@code 0..n-1}.
 * Rank {@code r} starts from its own part and adds, in order, the subtree sums of its children
 * {@code r+1, r+2, r+4, …} (below {@code r}'s lowest set bit, and below {@code n}); rank 0 ends with
 * the total. Four parts sum as {@code (p0 + p1) + (p2 + p3)}, three as {@code (p0 + p1) + p2}.
 *
 * <p>Workers exchanging over a network follow {@link #parent} and {@link #children}; one process
 * replaying the run calls {@link #reduce}: both add the same operands in the same order, so the
 * sums have the same bits.
 */
public final class TreeReduce {
  private TreeReduce() {}

  /**
   * {@return the rank {@code rank} sends its subtree sum to: {@code rank} with its lowest set bit cleared}
   *
   * @param rank {@code >= 1}
   * @throws IllegalArgumentException if {@code rank < 1} (rank 0 is the root)
   */
  public static int parent(int rank) {
    if (rank < 1) {
      throw new IllegalArgumentException("TreeReduce.parent: rank must be >= 1, got " + rank);
    }
    return rank & (rank - 1);
  }

  /**
   * {@return the children of {@code rank} among {@code n} ranks, in the order their sums are added}
   *
   * @param rank in {@code [0, n)}
   * @param n the number of ranks, {@code >= 1}
   * @throws IllegalArgumentException if {@code rank} is outside {@code [0, n)}
   */
  public static int[] children(int rank, int n) {
    if (n < 1 || rank < 0 || rank >= n) {
      throw new IllegalArgumentException("TreeReduce.children: need 0 <= rank < n, got rank " + rank + ", n " + n);
    }
    int limit = rank == 0 ? Integer.MAX_VALUE : Integer.lowestOneBit(rank);
    int count = 0;
    for (long step = 1; step < limit && rank + step < n; step <<= 1) {
      count++;
    }
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = rank + (1 << i);
    }
    return out;
  }

  /**
   * {@return the sum of {@code parts} in the tree order: part {@code r} is rank {@code r}'s}
   *
   * @param <T> the part type
   * @param parts one per rank, at least one
   * @param add the sum of two parts (not necessarily associative: the order is the point)
   * @throws IllegalArgumentException if {@code parts} is empty or an argument is null
   */
  public static <T> T reduce(List<T> parts, BinaryOperator<T> add) {
    Checks.notNull(parts, "parts");
    Checks.notNull(add, "add");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("TreeReduce.reduce: no parts");
    }
    return subtree(0, parts, add);
  }

  private static <T> T subtree(int rank, List<T> parts, BinaryOperator<T> add) {
    T acc = Checks.notNull(parts.get(rank), "parts[" + rank + "]");
    for (int c : children(rank, parts.size())) {
      acc = add.apply(acc, subtree(c, parts, add));
    }
    return acc;
  }
}
