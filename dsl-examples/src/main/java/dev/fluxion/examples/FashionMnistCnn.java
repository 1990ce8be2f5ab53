package dev.fluxion.examples;

import dev.fluxion.examples.support.ClassifierTraining;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.TrainingOptions;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Conv;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Pool;
import dev.fluxion.nn.layer.Reshape;
import dev.fluxion.nn.layer.Sequential;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example fashion-mnist-cnn}: a small convolutional network on Fashion-MNIST
 * images {@code [1, 28, 28]}: conv 3x3 (C) - ReLU - max-pool 2 - conv 3x3 (2C) - ReLU - max-pool 2 -
 * dense 2C·49 → 128 - ReLU - dense 128 → 10, with {@code C = --channels}.
 */
@Command(name = "fashion-mnist-cnn", mixinStandardHelpOptions = true,
    description = "A small convolutional network classifies Fashion-MNIST.")
public final class FashionMnistCnn implements Callable<Integer> {
  @Mixin
  ExampleOptions options;

  @Mixin
  TrainingOptions training;

  @Option(names = "--epochs", defaultValue = "5", description = "total epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "mini-batch size (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--channels", defaultValue = "16",
      description = "channels of the first convolution; the second has twice as many (default ${DEFAULT-VALUE})")
  int channels;

  @Spec
  CommandSpec spec;

  /**
   * The network: {@code [1, 28, 28]} → 10 logits.
   *
   * @param channels {@code C >= 1}, the first convolution's output channels
   * @return the layers
   */
  public static Sequential model(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("--channels must be >= 1, got " + channels);
    }
    return Sequential.of(
        Conv.same(channels, 3), Activation.relu(), Pool.max(2),
        Conv.same(2 * channels, 3), Activation.relu(), Pool.max(2),
        Reshape.flatten(), Dense.of(128), Activation.relu(), Dense.of(10));
  }

  @Override
  public Integer call() throws IOException {
    var settings = new ClassifierTraining.Settings("fashion-mnist-cnn", epochs, batchSize, lr);
    return ClassifierTraining.run(model(channels), new int[] {1, 28, 28}, settings, options, training,
        spec.commandLine().getOut());
  }
}
