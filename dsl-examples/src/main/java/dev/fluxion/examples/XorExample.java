package dev.fluxion.examples;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.examples.support.DTypeOption;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.Plots;
import dev.fluxion.examples.support.Summary;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./fluxion example xor}: a 2-8-2 tanh network learns XOR, prints its truth table and draws its training curves. */
@Command(name = "xor", mixinStandardHelpOptions = true, description = "A tiny network learns XOR.")
public final class XorExample implements Callable<Integer> {
  @Mixin
  ExampleOptions options;

  @Mixin
  DTypeOption precision;

  @Option(names = "--epochs", defaultValue = "300", description = "epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    PrintWriter out = spec.commandLine().getOut();
    Dataset xor = Synthetic.xor().cast(precision.dtype);
    var model = Mlp.of(Activation.tanh(), 8, 2);
    var params = model.init(Key.of(options.seed), Shape.of(2), precision.dtype);
    long t0 = System.nanoTime();
    var fitted = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(0.05))
        .fit(params, DataLoader.of(xor, 4), FitOptions.epochs(epochs).withSeed(options.seed).withQuiet(true));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Tensor logits = Trainer.predict(model, fitted.params(), fitted.modelState(), xor.features(), 4);
    Tensor probs = logits.softmax(1);
    out.println(" x1  x2 | target | prediction  p(1)");
    int correct = 0;
    for (int i = 0; i < 4; i++) {
      Tensor x = xor.get(i).x();
      int target = (int) xor.get(i).y().item();
      int predicted = (int) logits.argmax(1).get(i);
      correct += predicted == target ? 1 : 0;
      out.printf(" %2.0f  %2.0f |   %d    |     %d       %.3f%n", x.get(0), x.get(1), target, predicted, probs.get(i, 1));
    }
    Path chart = Plots.save(Plots.trainingCurves("XOR: training curves (2-8-2 tanh, Adam 0.05)",
        fitted.history().epochs()), options.out, "xor-training");
    out.println("wrote " + chart);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("accuracy", correct / 4.0);
    summary.put("final_loss", fitted.history().last().orElseThrow().trainLoss());
    summary.put("epochs", epochs);
    summary.put("dtype", precision.dtype.toString());
    summary.put("seconds", seconds);
    Summary.print(out, summary);
    return 0;
  }
}
