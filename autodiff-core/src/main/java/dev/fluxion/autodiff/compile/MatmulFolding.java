package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Matmul;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Permute;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Folds the transposes that matrix-product adjoints introduce ({@code yBar @ b^T},
 * {@code a^T @ yBar}) into the product: the plan reads the untransposed operand and runs a
 * transposed-operand kernel, which computes the same sums in the same order (bit-identical), and
 * the transpose node is skipped when nothing else reads it.
 */
final class MatmulFolding {
  /** Evaluate the node's op. */
  static final byte PLAIN = 0;
  /** {@code a @ b^T}, argument slot 1 holds {@code b}. */
  static final byte NT = 1;
  /** {@code a^T @ b}, argument slot 0 holds {@code a}. */
  static final byte TN = 2;

  private static final int[] SWAP = {1, 0};

  private MatmulFolding() {}

  /**
   * Classifies node {@code a}; for a foldable product, rewrites {@code args} to the slots of the
   * untransposed operands.
   */
  static byte fold(Apply a, Map<Expr, Integer> slot, int[] args) {
    if (!(a.op() instanceof Matmul) || a.args().get(0).shape().rank() != 2 || a.args().get(1).shape().rank() != 2) {
      return PLAIN;
    }
    Expr right = transposed(a.args().get(1));
    if (right != null) {
      args[1] = slot.get(right);
      return NT;
    }
    Expr left = transposed(a.args().get(0));
    if (left != null) {
      args[0] = slot.get(left);
      return TN;
    }
    return PLAIN;
  }

  /** {@return the matrix {@code e} transposes, or null if {@code e} is not a matrix transpose} */
  private static @Nullable Expr transposed(Expr e) {
    if (e instanceof Apply p && p.op() instanceof Permute q && Arrays.equals(q.perm(), SWAP)) {
      return p.args().get(0);
    }
    return null;
  }

  /** Clears the op of every node (in topological order) that no output needs any more. */
  static void dropDead(Op[] ops, int[][] argSlots, int[] outputSlots) {
    boolean[] needed = new boolean[ops.length];
    for (int s : outputSlots) {
      needed[s] = true;
    }
    for (int i = ops.length - 1; i >= 0; i--) {
      if (ops[i] == null) {
        continue;
      }
      if (!needed[i]) {
        ops[i] = null;
        continue;
      }
      for (int s : argSlots[i]) {
        needed[s] = true;
      }
    }
  }

  /** {@return the node's value from its argument values} */
  static Tensor apply(byte kind, Op op, List<Tensor> args) {
    return switch (kind) {
      case NT -> args.get(0).matmulTransposed(args.get(1));
      case TN -> args.get(0).transposedMatmul(args.get(1));
      case PLAIN -> op.apply(args);
      default -> ElementwiseFusion.apply(kind, op, args);
    };
  }
}
