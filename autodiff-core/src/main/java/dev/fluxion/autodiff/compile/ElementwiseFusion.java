package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Add;
import dev.fluxion.autodiff.op.Broadcast;
import dev.fluxion.autodiff.op.Conv2d;
import dev.fluxion.autodiff.op.ConvGeometry;
import dev.fluxion.autodiff.op.MaskedMul;
import dev.fluxion.autodiff.op.MaxPool2dScatter;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.PoolGeometry;
import dev.fluxion.autodiff.op.Step;
import dev.fluxion.autodiff.tensor.Fused;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Elementwise chains a plan runs as one kernel, reading an earlier node instead of an
 * intermediate: {@code a + broadcast(b)} adds {@code b} with broadcasting (no materialized
 * broadcast; addition commutes exactly), {@code maskedMul(g, step(x))} (relu's adjoint) is
 * {@link Fused#maskedMulStep}, and relu's adjoint of a max-pool adjoint is
 * {@link Fused#maxPool2dBackwardMaskedStep} (no scattered intermediate); a convolution read only
 * by its bias add computes the sum image by image ({@link Fused#conv2dBias}). A skipped node is
 * dropped when nothing else reads it. Results are bit-identical to the unfused chain.
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
  /**
   * {@code conv2d(x, w) + broadcast(b)} with {@code b} of shape {@code [O, 1, 1]} and the convolution
   * read by nothing else: slots hold {@code x, w, b}; the node's op is the convolution.
   */
  static final byte CONV_BIAS = 6;

  private ElementwiseFusion() {}

  /**
   * Classifies node {@code i}, {@code a}; for a fusable chain, rewrites its argument slots (and, for
   * {@link #POOL_MASK_STEP} and {@link #CONV_BIAS}, its op) to what the fused kernel reads;
   * {@code readers} counts the nodes and outputs that read each slot.
   */
  static byte fuse(Apply a, Map<Expr, Integer> slot, int[] readers, int[][] argSlots, Op[] ops, int i) {
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
        if (in.get(k) instanceof Apply b && b.op() instanceof Broadcast && in.get(1 - k) instanceof Apply c
            && c.op() instanceof Conv2d && readers[slot.get(c)] == 1 && isChannelBias(b.args().get(0), c)) {
          argSlots[i] = new int[] {slot.get(c.args().get(0)), slot.get(c.args().get(1)), slot.get(b.args().get(0))};
          ops[i] = c.op();
          return CONV_BIAS;
        }
      }
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

  /** {@return whether {@code b} is one value per output channel of the convolution {@code c}: {@code [O, 1, 1]}} */
  private static boolean isChannelBias(Expr b, Apply c) {
    Shape s = b.shape();
    return s.rank() == 3 && s.dim(0) == c.shape().dim(1) && s.dim(1) == 1 && s.dim(2) == 1;
  }

  /** {@return the value of a fused node of {@code kind} and op {@code op} from its argument values} */
  static Tensor apply(byte kind, Op op, List<Tensor> args) {
    return switch (kind) {
      case ADD_BROADCAST -> args.get(0).plus(args.get(1));
      case MASK_STEP -> Fused.maskedMulStep(args.get(0), args.get(1));
      case CONV_BIAS -> {
        ConvGeometry g = ((Conv2d) op).geometry();
        int[] stride = {g.strideH(), g.strideW()};
        int[] padding = {g.padH(), g.padW()};
        yield Fused.conv2dBias(args.get(0), args.get(1), args.get(2), stride, padding);
      }
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
