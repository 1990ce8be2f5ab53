package dev.fluxion.nn.bench;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.train.TrainStep;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The timing loop shared by the manual benchmarks: the compiled whole training step
 * ({@link TrainStep}: loss, gradient and optimizer update in one plan) on a fixed synthetic batch
 * (labels {@code i % 10}).
 */
final class StepBench {
  private StepBench() {}

  /**
   * Runs {@code steps} warm-up steps, then {@code steps} timed ones, and prints the median ms per
   * step, the 10th and 90th percentiles, the bytes allocated per step (calling thread) and the plan size.
   *
   * @param name the label printed first
   * @param model the model
   * @param example the shape of one example
   * @param batch the batch size
   * @param opt the optimizer
   * @param steps the number of timed steps
   * @param <P> the parameter record
   * @param <S> the state record
   * @param <O> the optimizer state
   */
  static <P, S, O> void run(String name, Layer<P, S> model, Shape example, int batch, GradientTransformation<O> opt,
      int steps) {
    P params = model.init(Key.of(1), example);
    S state = model.initState(example);
    O optState = opt.init(params);
    int[] dims = new int[example.rank() + 1];
    dims[0] = batch;
    System.arraycopy(example.toArray(), 0, dims, 1, example.rank());
    Tensor x = Tensor.normal(Key.of(2), Shape.of(dims), 0, 1);
    double[] labels = new double[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % 10;
    }
    Tensor y = Tensor.of(labels, batch);
    var step = TrainStep.builder(model, Losses::softmaxCrossEntropy, opt).build(params, state, example, Shape.of());
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().threadId();
    double[] ms = new double[steps];
    long bytes = 0;
    double loss = 0;
    for (int i = -steps; i < steps; i++) {
      long b0 = mx.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      var r = step.apply(params, optState, state, x, y, i);
      params = r.params();
      optState = r.optState();
      state = r.modelState();
      long t1 = System.nanoTime();
      long b1 = mx.getThreadAllocatedBytes(tid);
      loss = r.loss();
      if (i >= 0) {
        ms[i] = (t1 - t0) / 1e6;
        bytes += b1 - b0;
      }
    }
    Arrays.sort(ms);
    System.out.printf("%s: median %.3f ms/step, p10 %.3f, p90 %.3f, %d bytes/step, plan %d nodes, last loss %.6f%n",
        name, ms[steps / 2], ms[steps / 10], ms[steps * 9 / 10], bytes / steps, step.planSize(batch), loss);
  }
}
