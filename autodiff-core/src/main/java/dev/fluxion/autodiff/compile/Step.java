package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.internal.Fused;
import dev.fluxion.autodiff.tensor.internal.Pointwise;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * One step of a plan: reads some slots, computes, writes its own. A plain op kernel, or a fused
 * kernel that computes a small chain of nodes at once (bit-identical to running them one by one);
 * {@link Rules} decides which step computes a node. Every single-output step writes slot {@code out}.
 */
sealed interface Step {
  /** {@return the slots the step reads} */
  int[] reads();

  /** {@return the slots the step writes} */
  int[] writes();

  /** Computes the step's values from {@code slots} into {@code slots}. */
  void run(Tensor[] slots);

  /** A step reading slots {@code a} and {@code b} and writing {@code out}. */
  sealed interface TwoToOne extends Step {
    /** {@return the first slot read} */
    int a();

    /** {@return the second slot read} */
    int b();

    /** {@return the slot written} */
    int out();

    @Override
    default int[] reads() {
      return new int[] {a(), b()};
    }

    @Override
    default int[] writes() {
      return new int[] {out()};
    }
  }

  /** A node computed by its op's kernel. */
  record Kernel(Op op, int[] args, int out) implements Step {
    @Override
    public int[] reads() {
      return args;
    }

    @Override
    public int[] writes() {
      return new int[] {out};
    }

    @Override
    public void run(Tensor[] slots) {
      List<Tensor> in = switch (args.length) {
        case 1 -> List.of(slots[args[0]]);
        case 2 -> List.of(slots[args[0]], slots[args[1]]);
        default -> Arrays.asList(Arrays.stream(args).mapToObj(s -> slots[s]).toArray(Tensor[]::new));
      };
      slots[out] = op.apply(in);
    }
  }

  /** {@code a @ b^T} of matrices, reading the untransposed {@code b} (the transpose node is skipped). */
  record MatmulNT(int a, int b, int out) implements TwoToOne {
    @Override
    public void run(Tensor[] slots) {
      slots[out] = slots[a].matmulTransposed(slots[b]);
    }
  }

  /** {@code a^T @ b} of matrices, reading the untransposed {@code a}. */
  record MatmulTN(int a, int b, int out) implements TwoToOne {
    @Override
    public void run(Tensor[] slots) {
      slots[out] = slots[a].transposedMatmul(slots[b]);
    }
  }

  /** {@code a + broadcast(b)} as a broadcasting add, without the broadcast tensor (addition commutes exactly). */
  record AddBroadcast(int a, int b, int out) implements TwoToOne {
    @Override
    public void run(Tensor[] slots) {
      slots[out] = slots[a].plus(slots[b]);
    }
  }

  /** Relu's adjoint {@code maskedMul(a, step(b))} in one loop ({@link Fused#maskedMulStep}): {@code a} the cotangent. */
  record MaskStep(int a, int b, int out) implements TwoToOne {
    @Override
    public void run(Tensor[] slots) {
      slots[out] = Fused.maskedMulStep(slots[a], slots[b]);
    }
  }

  /**
   * {@code conv2d(x, w) + broadcast(bias)} with a bias of shape {@code [O, 1, 1]}, added image by image
   * ({@link Fused#conv2dBias}).
   */
  record ConvBias(ConvGeometry geometry, int x, int w, int bias, int out) implements Step {
    @Override
    public int[] reads() {
      return new int[] {x, w, bias};
    }

    @Override
    public int[] writes() {
      return new int[] {out};
    }

    @Override
    public void run(Tensor[] slots) {
      slots[out] = Fused.conv2dBias(slots[x], slots[w], slots[bias], geometry);
    }
  }

  /**
   * Relu's adjoint of a max-pool adjoint, {@code maskedMul(maxPool2dScatter(x, g), step(z))}, in one
   * pass writing each window's argmax ({@link Fused#maxPool2dBackwardMaskedStep}).
   */
  record PoolMaskStep(PoolGeometry geometry, int x, int g, int z, int out) implements Step {
    @Override
    public int[] reads() {
      return new int[] {x, g, z};
    }

    @Override
    public int[] writes() {
      return new int[] {out};
    }

    @Override
    public void run(Tensor[] slots) {
      slots[out] = Fused.maxPool2dBackwardMaskedStep(slots[x], slots[g], slots[z], geometry);
    }
  }

  /**
   * A chain of elementwise nodes of one shape run as one {@link Pointwise} program: reads
   * {@code inputs} (full tensors or size-1 scalars), writes {@code outputs} (the chain's root and any
   * member that is a plan output). Its program may overwrite dead temporaries among its inputs
   * ({@link Donation}).
   */
  record Chain(Pointwise program, int[] inputs, int[] outputs, int root, int nodes) implements Step {
    @Override
    public int[] reads() {
      return inputs;
    }

    @Override
    public int[] writes() {
      return outputs;
    }

    @Override
    public void run(Tensor[] slots) {
      run(slots, new Object[outputs.length]);
    }

    /** As {@link #run(Tensor[])}, output {@code k} written into {@code given[k]} when that is an array ({@link Recycling}). */
    void run(Tensor[] slots, Object[] given) {
      Tensor[] in = new Tensor[inputs.length];
      for (int k = 0; k < in.length; k++) {
        in[k] = slots[inputs[k]];
      }
      Tensor[] out = program.run(in, given);
      for (int k = 0; k < out.length; k++) {
        slots[outputs[k]] = out[k];
      }
    }
  }
}
