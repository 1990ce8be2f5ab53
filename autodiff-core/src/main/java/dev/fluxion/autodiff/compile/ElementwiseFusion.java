package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Add;
import dev.fluxion.autodiff.op.Broadcast;
import dev.fluxion.autodiff.op.MaskedMul;
import dev.fluxion.autodiff.op.MaxPool2dScatter;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.PoolGeometry;
import dev.fluxion.autodiff.op.Step;
import dev.fluxion.autodiff.tensor.Fused;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Elementwise chains a plan runs as one kernel, reading an earlier node instead of an
 * intermediate: {@code a + broadcast(b)} adds {@code b} with broadcasting (no materialized
 * broadcast; addition commutes exactly), {@code maskedMul(g, step(x))} (relu's adjoint) is
 * {@link Fused#maskedMulStep}, and relu's adjoint of a max-pool adjoint is
 * {@link Fused#maxPool2dBackwardMaskedStep} (no scattered intermediate). The skipped node is dropped when nothing else reads it. Results are
 * bit-identical to the unfused chain.
 */
final class ElementwiseFusion {
  /** {@code a + broadcast(b)}: argument slot 0 holds {@code a}, slot 1 the unbroadcast {@code b}. */
  static final byte ADD_BROADCAST = 3;
  /** {@code maskedMul(g, step(x))}: argument slot 0 holds {@code g}, slot 1 holds {@code x}. */
  static final byte MASK_STEP = 4;
  /**
   * {@code maskedMul(maxPool2dScatter(x, g), step(z))}: slots hold {@code x, g, z}; the node's op is
   * the scatter (for its geometry).
   */
  static final byte POOL_MASK_STEP = 5;

  private ElementwiseFusion() {}

  /**
   * Classifies node {@code i}, {@code a}; for a fusable chain, rewrites its argument slots (and, for
   * {@link #POOL_MASK_STEP}, its op) to what the fused kernel reads.
   */
  static byte fuse(Apply a, Map<Expr, Integer> slot, int[][] argSlots, Op[] ops, int i) {
    List<Expr> in = a.args();
    int[] args = argSlots[i];
    if (a.op() instanceof MaskedMul && in.get(0) instanceof Apply p && p.op() instanceof MaxPool2dScatter
        && in.get(1) instanceof Apply s && s.op() instanceof Step) {
      argSlots[i] = new int[] {slot.get(p.args().get(0)), slot.get(p.args().get(1)), slot.get(s.args().get(0))};
      ops[i] = p.op();
      return POOL_MASK_STEP;
    }
    if (a.op() instanceof Add) {
      for (int k = 0; k < 2; k++) {
        if (in.get(k) instanceof Apply b && b.op() instanceof Broadcast) {
          args[0] = slot.get(in.get(1 - k));
          args[1] = slot.get(b.args().get(0));
          return ADD_BROADCAST;
        }
      }
    }
    if (a.op() instanceof MaskedMul && in.get(1) instanceof Apply s && s.op() instanceof Step) {
      args[1] = slot.get(s.args().get(0));
      return MASK_STEP;
    }
    return MatmulFolding.PLAIN;
  }

  /** {@return the value of a fused node of {@code kind} and op {@code op} from its argument values} */
  static Tensor apply(byte kind, Op op, List<Tensor> args) {
    return switch (kind) {
      case ADD_BROADCAST -> args.get(0).plus(args.get(1));
      case MASK_STEP -> Fused.maskedMulStep(args.get(0), args.get(1));
      case POOL_MASK_STEP -> {
        PoolGeometry g = ((MaxPool2dScatter) op).geometry();
        int[] window = {g.windowH(), g.windowW()};
        int[] stride = {g.strideH(), g.strideW()};
        yield Fused.maxPool2dBackwardMaskedStep(args.get(0), args.get(1), args.get(2), window, stride);
      }
      default -> throw new IllegalArgumentException("not a fused kind: " + kind);
    };
  }
}
