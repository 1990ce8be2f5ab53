package dev.fluxion.examples;

import dev.fluxion.examples.support.ClassifierTraining;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.TrainingOptions;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example fashion-mnist-mlp}: a 784-256-128-10 ReLU perceptron on Fashion-MNIST
 * (images flattened to 784-vectors), Adam, checkpoint after every epoch, loss and accuracy charts.
 */
@Command(name = "fashion-mnist-mlp", mixinStandardHelpOptions = true,
    description = "A 784-256-128-10 multilayer perceptron classifies Fashion-MNIST.")
public final class FashionMnistMlp implements Callable<Integer> {
  @Mixin
  ExampleOptions options;

  @Mixin
  TrainingOptions training;

  @Option(names = "--epochs", defaultValue = "10", description = "total epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "mini-batch size (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    var settings = new ClassifierTraining.Settings("fashion-mnist-mlp", epochs, batchSize, lr);
    var model = Mlp.of(Activation.relu(), 256, 128, 10);
    return ClassifierTraining.run(model, new int[] {784}, settings, options, training, spec.commandLine().getOut());
  }
}
