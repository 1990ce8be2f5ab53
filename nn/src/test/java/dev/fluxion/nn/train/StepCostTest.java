package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.Optimizers;
import java.util.List;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Non-timing regression guards for the cost of a training step of the Fashion-MNIST MLP
 * (784-128-10, batch 64, SGD with momentum): the size of the compiled plans (loss and gradient;
 * the whole step with the optimizer) and the bytes a whole step allocates, so that reintroduced
 * waste fails without a timed assertion.
 */
class StepCostTest {
  /**
   * Bytes per whole compiled step (loss, gradient, SGD-momentum update in one plan): measured
   * 2.06 MB. Before buffer donation the same step measured 2.87 MB (and fails this bound), the
   * loss-and-gradient plan followed by the hand-fused optimizer step 2.89 MB, the whole step without
   * elementwise fusion 5.3 MB. Two [784, 128] arrays remain, the floor while outputs are new arrays:
   * the first weight's gradient (a matrix product), which the fused update then overwrites with the
   * new momentum trace, and the new weight. The bound fails if fusion or donation is lost or one more
   * full-size array appears. The median of 21 steps after {@link #WARM_UP} warm-up steps (compiled
   * code, escape analysis on: until C2 compiles the SIMD exponential of the loss, each of its vector
   * operations allocates a box, 0.5 MB a step; its loop, called about once a step here, reaches C2 after
   * some 1,400 calls: 2.61 MB a step after 400 warm-up steps, 2.11 MB after 1,500), over all threads;
   * the best of up to three rounds, as one round on a loaded machine once read 4.3 MB.
   */
  private static final long MAX_BYTES_PER_STEP = 2_500_000;
  /** Steps before the measured ones. */
  private static final int WARM_UP = 1500;

  private final Sequential model = Mlp.of(Activation.relu(), 128, 10);
  private final CompiledModel<List<Object>, List<Object>> compiled =
      new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, model.init(Key.of(1), Shape.of(784)),
          model.initState(Shape.of(784)), Shape.of(784), Shape.of());

  @Test
  void shouldCompileTheMlpStepToAFixedNumberOfNodes() {
    assertEquals(42, compiled.trainPlanSize(64));
  }

  @Test
  void shouldCompileTheWholeMlpStepWithSgdMomentumToAFixedNumberOfNodes() {
    assertEquals(75, wholeStep(Optimizers.sgd(0.1, 0.9, false)).planSize(64));
  }

  @Test
  void shouldCompileTheWholeMlpStepWithAdamToAFixedNumberOfNodes() {
    // 154 before hash-consing made three equal scalar constants one
    assertEquals(151, wholeStep(Optimizers.adam(1e-3)).planSize(64));
  }

  private <O> TrainStep<List<Object>, List<Object>, O> wholeStep(GradientTransformation<O> opt) {
    return TrainStep.builder(model, Losses::softmaxCrossEntropy, opt)
        .build(model.init(Key.of(1), Shape.of(784)), model.initState(Shape.of(784)), Shape.of(784), Shape.of());
  }

  @Test
  void shouldAllocateBoundedBytesPerWholeStep() {
    var params = model.init(Key.of(1), Shape.of(784));
    var state = model.initState(Shape.of(784));
    var opt = Optimizers.sgd(0.1, 0.9, false);
    var step = wholeStep(opt);
    var optState = opt.init(params);
    Tensor x = Tensor.normal(Key.of(2), Shape.of(64, 784), 0, 1);
    double[] labels = new double[64];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    Tensor y = Tensor.of(labels, 64);
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3 && best >= MAX_BYTES_PER_STEP; round++) {
      long[] perStep = new long[21];
      for (int i = round == 0 ? -WARM_UP : 0; i < perStep.length; i++) {
        long b0 = allocatedByAllThreads(mx);
        var r = step.apply(params, optState, state, x, y, i);
        params = r.params();
        optState = r.optState();
        state = r.modelState();
        if (i >= 0) {
          perStep[i] = allocatedByAllThreads(mx) - b0;
        }
      }
      java.util.Arrays.sort(perStep);
      best = Math.min(best, perStep[perStep.length / 2]);
    }
    assertTrue(best < MAX_BYTES_PER_STEP, "allocated " + best + " bytes per step (median, best of 3 rounds)");
  }

  /**
   * Bytes allocated so far by every live thread: a step's chunks may run on the caller or on the
   * pool's workers, depending on whether they are free, so counting one thread would
   * depend on the machine's load.
   */
  private static long allocatedByAllThreads(com.sun.management.ThreadMXBean mx) {
    long sum = 0;
    for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
      sum += Math.max(0, b);
    }
    return sum;
  }
}
