package dev.fluxion.nn.bench;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Conv;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Pool;
import dev.fluxion.nn.layer.Reshape;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.optim.Optimizers;

/**
 * A manual benchmark (no test runs it) of compiled training steps on synthetic Fashion-MNIST-shaped
 * batches: (a) the MLP 784-128-10, batch 64, SGD(0.1, momentum 0.9); (b) the MLP 784-256-256-10,
 * batch 128, Adam(1e-3); (c) the CNN conv(8)-relu-maxpool-conv(16)-relu-maxpool-dense(10), batch
 * 64, SGD(0.1, momentum 0.9). Prints the median ms per step and the bytes allocated per step.
 */
public final class Bench {
  private Bench() {}

  /**
   * Runs the benchmarks.
   *
   * @param args optional: the number of timed steps, then which models ({@code a}, {@code b},
   *     {@code c}; default {@code a})
   */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    String which = args.length > 1 ? args[1] : "a";
    if (which.contains("a")) {
      StepBench.run("a mlp 784-128-10 b64 sgd", Mlp.of(Activation.relu(), 128, 10), Shape.of(784), 64,
          Optimizers.sgd(0.1, 0.9, false), steps);
    }
    if (which.contains("b")) {
      StepBench.run("b mlp 784-256-256-10 b128 adam", Mlp.of(Activation.relu(), 256, 256, 10), Shape.of(784), 128,
          Optimizers.adam(1e-3), steps);
    }
    if (which.contains("c")) {
      Sequential cnn = Sequential.of(Conv.same(8, 3), Activation.relu(), Pool.max(2), Conv.same(16, 3),
          Activation.relu(), Pool.max(2), Reshape.flatten(), Dense.of(10));
      StepBench.run("c cnn 8-16-dense10 b64 sgd", cnn, Shape.of(1, 28, 28), 64, Optimizers.sgd(0.1, 0.9, false),
          steps);
    }
  }
}
