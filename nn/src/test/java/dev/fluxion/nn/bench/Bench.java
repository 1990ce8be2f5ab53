package dev.fluxion.nn.bench;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.CompiledModel;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * A manual benchmark (no test runs it): the Fashion-MNIST MLP 784-128-10, batch 64, SGD(0.1,
 * momentum 0.9), on synthetic data; prints the median ms per step and the bytes allocated per step.
 */
public final class Bench {
  private Bench() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional: the number of timed steps
   */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    Sequential model = Mlp.of(Activation.relu(), 128, 10);
    var params = model.init(Key.of(1), Shape.of(784));
    var state = model.initState(Shape.of(784));
    var opt = Optimizers.sgd(0.1, 0.9, false);
    var optState = opt.init(params);
    Tensor x = Tensor.normal(Key.of(2), Shape.of(64, 784), 0, 1);
    double[] labels = new double[64];
    for (int i = 0; i < 64; i++) {
      labels[i] = i % 10;
    }
    Tensor y = Tensor.of(labels, 64);
    var compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, Shape.of(784), Shape.of());
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().threadId();
    double[] ms = new double[steps];
    long bytes = 0;
    for (int i = -steps; i < steps; i++) {
      long b0 = mx.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      var r = compiled.step(params, state, x, y, i);
      var u = opt.update(r.grads(), optState, params);
      params = Optimizers.applyUpdates(params, u.updates());
      optState = u.state();
      long t1 = System.nanoTime();
      long b1 = mx.getThreadAllocatedBytes(tid);
      if (i >= 0) {
        ms[i] = (t1 - t0) / 1e6;
        bytes += b1 - b0;
      }
    }
    Arrays.sort(ms);
    System.out.printf("median %.3f ms/step, p10 %.3f, p90 %.3f, %d bytes/step, plan %d nodes%n", ms[steps / 2],
        ms[steps / 10], ms[steps * 9 / 10], bytes / steps, compiled.trainPlanSize(64));
  }
}
