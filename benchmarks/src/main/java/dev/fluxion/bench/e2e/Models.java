package dev.fluxion.bench.e2e;

import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Conv;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Pool;
import dev.fluxion.nn.layer.Reshape;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import java.util.Locale;

/**
 * The three models of the comparison, with their batch size and optimizer; {@code train_torch.py}
 * defines the same three.
 *
 * @param name {@code a}, {@code b} or {@code c}
 * @param model the layers; parameter paths ({@code 0.w}, ...) match PyTorch's {@code nn.Sequential} indices
 * @param exampleDims the shape of one image: {@code {784}} or {@code {1, 28, 28}} (NCHW)
 * @param batchSize the mini-batch size
 * @param optimizer {@code sgd} (momentum 0.9) or {@code adam}
 * @param learningRate the step size, finite and {@code > 0}
 */
public record Models(String name, Sequential model, int[] exampleDims, int batchSize, String optimizer,
    double learningRate) {
  /**
   * {@return the model named {@code name}}
   *
   * <ul>
   *   <li>{@code a}: MLP 784-128-10, ReLU, batch 64, SGD lr 0.1 momentum 0.9;
   *   <li>{@code b}: MLP 784-256-256-10, ReLU, batch 128, Adam lr 1e-3;
   *   <li>{@code c}: conv(1→8, 3x3, pad 1)-ReLU-maxpool 2-conv(8→16, 3x3, pad 1)-ReLU-maxpool 2-flatten-dense(784→10),
   *       batch 64, SGD lr 0.05 momentum 0.9.
   * </ul>
   *
   * @param name {@code a}, {@code b} or {@code c}
   * @throws IllegalArgumentException for another name
   */
  public static Models of(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "a" -> new Models("a", Mlp.of(Activation.relu(), 128, 10), new int[] {784}, 64, "sgd", 0.1);
      case "b" -> new Models("b", Mlp.of(Activation.relu(), 256, 256, 10), new int[] {784}, 128, "adam", 1e-3);
      case "c" -> new Models("c", Sequential.of(
          Conv.same(8, 3), Activation.relu(), Pool.max(2),
          Conv.same(16, 3), Activation.relu(), Pool.max(2),
          Reshape.flatten(), Dense.of(10)), new int[] {1, 28, 28}, 64, "sgd", 0.05);
      default -> throw new IllegalArgumentException("--model must be a, b or c, got " + name);
    };
  }

  /**
   * {@return this model with another learning rate}
   *
   * @param lr the learning rate, finite and {@code > 0}
   */
  public Models withLearningRate(double lr) {
    return new Models(name, model, exampleDims, batchSize, optimizer, lr);
  }

  /** {@return the optimizer: PyTorch's SGD with momentum 0.9 (dampening 0, no Nesterov) or Adam(0.9, 0.999, 1e-8)} */
  public GradientTransformation<ChainState> newOptimizer() {
    return "adam".equals(optimizer) ? Optimizers.adam(learningRate) : Optimizers.sgd(learningRate, 0.9, false);
  }
}
