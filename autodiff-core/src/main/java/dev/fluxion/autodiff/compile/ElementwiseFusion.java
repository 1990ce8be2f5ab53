package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Add;
import dev.fluxion.autodiff.op.Broadcast;
import dev.fluxion.autodiff.op.MaskedMul;
import dev.fluxion.autodiff.op.Step;
import dev.fluxion.autodiff.tensor.Fused;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Elementwise chains a plan runs as one kernel, reading an earlier node instead of an
 * intermediate: {@code a + broadcast(b)} adds {@code b} with broadcasting (no materialized
 * broadcast; addition commutes exactly), and {@code maskedMul(g, step(x))} (relu's adjoint) is
 * {@link Fused#maskedMulStep}. The skipped node is dropped when nothing else reads it. Results are
 * bit-identical to the unfused chain.
 */
final class ElementwiseFusion {
  /** {@code a + broadcast(b)}: argument slot 0 holds {@code a}, slot 1 the unbroadcast {@code b}. */
  static final byte ADD_BROADCAST = 3;
  /** {@code maskedMul(g, step(x))}: argument slot 0 holds {@code g}, slot 1 holds {@code x}. */
  static final byte MASK_STEP = 4;

  private ElementwiseFusion() {}

  /** Classifies node {@code a}; for a fusable chain, rewrites {@code args} to the slots it reads. */
  static byte fuse(Apply a, Map<Expr, Integer> slot, int[] args) {
    List<Expr> in = a.args();
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

  /** {@return the value of a fused node of {@code kind} from its argument values} */
  static Tensor apply(byte kind, List<Tensor> args) {
    return switch (kind) {
      case ADD_BROADCAST -> args.get(0).plus(args.get(1));
      case MASK_STEP -> Fused.maskedMulStep(args.get(0), args.get(1));
      default -> throw new IllegalArgumentException("not a fused kind: " + kind);
    };
  }
}
