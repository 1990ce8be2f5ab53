package dev.fluxion.autodiff.compile;

import java.util.Arrays;

/**
 * Buffer donation inside a run: an elementwise chain writes an output into the array of an input
 * that dies at that step, when the run itself made that array and nobody else can see it. A slot is
 * handed over only if all of these hold:
 *
 * <ul>
 *   <li>a step whose outputs are always new arrays wrote it in this run ({@link #fresh}: never a plan
 *       input, a constant, or the result of an op's own kernel, which may be a view such as
 *       {@code reshape} or its argument itself);
 *   <li>no op kernel reads it (such a reader may have made a view of it that is still live);
 *   <li>this chain is its last reader and it is no plan output (the plan's liveness: the slot is
 *       released right after the chain);
 *   <li>it has the chain's shape (not a size-1 operand broadcast to it).
 * </ul>
 *
 * {@code Pointwise.donating} (non-exported {@code tensor.internal}) then picks, per output, a handed-over input
 * that no later instruction of the pass reads. Values are unchanged bit for bit; no tensor visible
 * outside the run ever changes.
 */
final class Donation {
  private Donation() {}

  /**
   * {@return {@code steps} with each chain told which of its inputs it may overwrite}
   *
   * @param g the plan's graph (for slot shapes)
   * @param steps the steps a run takes, in order
   * @param releaseAfter per step, the slots read there for the last time (no output, no constant)
   */
  static Step[] apply(Graph g, Step[] steps, int[][] releaseAfter) {
    int n = g.size();
    boolean[] fresh = new boolean[n];
    boolean[] viewed = new boolean[n];
    for (Step s : steps) {
      if (fresh(s)) {
        for (int w : s.writes()) {
          fresh[w] = true;
        }
      } else {
        for (int r : s.reads()) {
          viewed[r] = true;
        }
      }
    }
    int[] dies = new int[n];
    Arrays.fill(dies, -1);
    for (int k = 0; k < steps.length; k++) {
      for (int s : releaseAfter[k]) {
        dies[s] = k;
      }
    }
    Step[] out = steps.clone();
    for (int k = 0; k < steps.length; k++) {
      if (!(steps[k] instanceof Step.Chain c)) {
        continue;
      }
      int[] in = c.inputs();
      boolean[] handedOver = new boolean[in.length];
      boolean any = false;
      for (int j = 0; j < in.length; j++) {
        int s = in[j];
        handedOver[j] = fresh[s] && !viewed[s] && dies[s] == k && g.node(s).shape().equals(c.program().shape());
        any |= handedOver[j];
      }
      if (any) {
        out[k] = new Step.Chain(c.program().donating(handedOver), in, c.outputs(), c.root(), c.nodes());
      }
    }
    return out;
  }

  /**
   * {@return whether every tensor {@code s} writes is a new array no other slot shares} Decided per
   * step kind: an op's kernel is not (reshape shares its argument's storage; an op may return its
   * argument); every fused step allocates its result (a chain's output may be a donated array, which
   * it then owns alone).
   */
  static boolean fresh(Step s) {
    return switch (s) {
      case Step.Kernel k -> false;
      case Step.MatmulNT m -> true;
      case Step.MatmulTN m -> true;
      case Step.AddBroadcast a -> true;
      case Step.MaskStep m -> true;
      case Step.ConvBias b -> true;
      case Step.PoolMaskStep p -> true;
      case Step.Chain c -> true;
    };
  }
}
