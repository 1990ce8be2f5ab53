package dev.fluxion.examples;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.examples.support.FashionMnist;
import dev.fluxion.examples.support.Summary;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.Mnist;
import dev.fluxion.nn.data.Sampler;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.privacy.DpSgd;
import dev.fluxion.nn.privacy.RdpAccountant;
import dev.fluxion.nn.train.CompiledModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example dp-sgd}: differentially private SGD (Abadi et al. 2016) on Fashion-MNIST with a
 * 784-128-10 ReLU perceptron in float32: each step takes every example's gradient at once
 * ({@code CompiledModel.perExampleGrads}, vmap of grad), clips each to norm {@code --clip}, adds Gaussian
 * noise of {@code --noise × --clip} to their sum, and takes an SGD-momentum step; the RDP accountant says
 * the {@code ε} spent at {@code --delta}.
 */
@Command(name = "dp-sgd", mixinStandardHelpOptions = true,
    description = "Differentially private SGD on Fashion-MNIST: per-example gradients by vmap, clipped and noised.")
public final class DpSgdExample implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = FashionMnist.DEFAULT_DIR,
      description = "directory of the Fashion-MNIST IDX files (default ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--limit", defaultValue = "20000", description = "training images used (default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--test-limit", defaultValue = "10000", description = "test images (default ${DEFAULT-VALUE})")
  int testLimit;

  @Option(names = "--epochs", defaultValue = "3", description = "epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "256", description = "examples per step (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.1", description = "SGD learning rate, momentum 0.9 (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--clip", defaultValue = "1.0", description = "per-example gradient norm bound C (default ${DEFAULT-VALUE})")
  double clip;

  @Option(names = "--noise", defaultValue = "1.1", description = "noise multiplier σ (default ${DEFAULT-VALUE})")
  double noise;

  @Option(names = "--delta", defaultValue = "1e-5", description = "δ of (ε, δ)-privacy (default ${DEFAULT-VALUE})")
  double delta;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (epochs < 1 || batchSize < 1 || !(lr > 0) || !(clip > 0) || !(noise > 0) || !(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("--epochs and --batch-size must be >= 1, --lr, --clip and --noise > 0 and"
          + " --delta in (0, 1), got " + epochs + ", " + batchSize + ", " + lr + ", " + clip + ", " + noise + ", "
          + delta);
    }
    PrintWriter out = spec.commandLine().getOut();
    Mnist.Data d = FashionMnist.load(data, limit, testLimit, DType.FLOAT32, 784);
    int n = d.train().size();
    if (batchSize > n) {
      throw new IllegalArgumentException("--batch-size " + batchSize + " exceeds the " + n + " training images");
    }
    Sequential model = Mlp.of(Activation.relu(), 128, 10);
    Key key = Key.of(seed);
    List<Object> params = model.init(key, Shape.of(784), DType.FLOAT32);
    List<Object> state = model.initState(Shape.of(784));
    var compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, Shape.of(784), Shape.of());
    GradientTransformation<ChainState> sgd = Optimizers.sgd(lr, 0.9, false);
    ChainState opt = sgd.init(params);
    Sampler sampler = Sampler.random(n, key.fold(1));
    int stepsPerEpoch = n / batchSize;
    double q = (double) batchSize / n;
    long steps = 0;
    long clipped = 0;
    long perExampleNanos = 0;
    double lossSum = 0;
    long t0 = System.nanoTime();
    double accuracy = 0;
    double epsilon = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      int[] order = sampler.order(epoch - 1);
      lossSum = 0;
      for (int s = 0; s < stepsPerEpoch; s++) {
        Batch b = d.train().batch(Arrays.copyOfRange(order, s * batchSize, (s + 1) * batchSize));
        long t = System.nanoTime();
        var per = compiled.perExampleGrads(params, state, b.x(), b.y(), steps);
        perExampleNanos += System.nanoTime() - t;
        var priv = DpSgd.privatize(per, clip, noise, key.fold(2).fold(steps));
        var u = sgd.update(priv.gradient(), opt, params);
        params = Optimizers.applyUpdates(params, u.updates());
        opt = u.state();
        clipped += priv.clipped();
        lossSum += per.losses().sum().item();
        steps++;
      }
      accuracy = accuracy(compiled, params, state, d);
      epsilon = RdpAccountant.epsilon(q, noise, steps, delta);
      out.printf(java.util.Locale.ROOT, "epoch %d: train_loss=%.4f test_accuracy=%.4f epsilon=%.3f%n", epoch,
          lossSum / ((long) stepsPerEpoch * batchSize), accuracy, epsilon);
      out.flush();
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("test_accuracy", accuracy);
    summary.put("epsilon", epsilon);
    summary.put("delta", delta);
    summary.put("train_loss", lossSum / ((long) stepsPerEpoch * batchSize));
    summary.put("clipped_fraction", (double) clipped / (steps * batchSize));
    summary.put("per_example_grads_ms", perExampleNanos / 1e6 / steps);
    summary.put("steps", steps);
    summary.put("train_images", n);
    summary.put("seconds", (System.nanoTime() - t0) / 1e9);
    Summary.print(out, summary);
    return 0;
  }

  private static double accuracy(CompiledModel<List<Object>, List<Object>> compiled, List<Object> params,
      List<Object> state, Mnist.Data d) {
    return FashionMnist.accuracy(compiled.predict(params, state, d.test().features()), d.test());
  }
}
