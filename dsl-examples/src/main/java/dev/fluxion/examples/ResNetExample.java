package dev.fluxion.examples;

import dev.fluxion.examples.support.ClassifierTraining;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.TrainingOptions;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Conv;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Pool;
import dev.fluxion.nn.layer.Reshape;
import dev.fluxion.nn.layer.Residual;
import dev.fluxion.nn.layer.Sequential;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example resnet}: a small residual network with batch normalization on
 * Fashion-MNIST: a conv-BN-ReLU stem, max-pool 2, two residual blocks
 * {@code x + BN(conv(ReLU(BN(conv x))))} each followed by ReLU, max-pool 2, dense → 10.
 */
@Command(name = "resnet", mixinStandardHelpOptions = true,
    description = "A small residual network with batch normalization classifies Fashion-MNIST.")
public final class ResNetExample implements Callable<Integer> {
  @Mixin
  ExampleOptions options;

  @Mixin
  TrainingOptions training;

  @Option(names = "--epochs", defaultValue = "3", description = "total epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "mini-batch size (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.002", description = "learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--channels", defaultValue = "8",
      description = "channels of the stem and blocks (default ${DEFAULT-VALUE})")
  int channels;

  @Spec
  CommandSpec spec;

  /**
   * The network on {@code [1, 28, 28]} images.
   *
   * @param channels the width {@code C >= 1} of the stem and of both residual blocks
   * @throws IllegalArgumentException if {@code channels < 1}
   */
  public static Sequential model(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("--channels must be >= 1, got " + channels);
    }
    return Sequential.of(
        Conv.same(channels, 3), BatchNorm.of(), Activation.relu(), Pool.max(2),
        block(channels), Activation.relu(),
        block(channels), Activation.relu(),
        Pool.max(2), Reshape.flatten(), Dense.of(10));
  }

  /** The identity-skip block {@code x + BN(conv(ReLU(BN(conv x))))}, shape-preserving. */
  private static Layer<?, ?> block(int channels) {
    return new Residual<>(Sequential.of(
        Conv.same(channels, 3), BatchNorm.of(), Activation.relu(),
        Conv.same(channels, 3), BatchNorm.of()));
  }

  @Override
  public Integer call() throws IOException {
    var settings = new ClassifierTraining.Settings("resnet", epochs, batchSize, lr);
    return ClassifierTraining.run(model(channels), new int[] {1, 28, 28}, settings, options, training,
        spec.commandLine().getOut());
  }
}
