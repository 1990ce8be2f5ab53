package dev.fluxion.bench.jmh;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.train.CompiledModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-example gradients of the MLP 784-128-10 (ReLU, softmax cross-entropy) on a batch of 64, against
 * the batch gradient of the same batch: {@link CompiledModel#perExampleGrads} (the one-example loss
 * differentiated, then vectorised by {@code vmap}: one plan for the batch), the compiled batch gradient
 * ({@link CompiledModel#step}), and the per-example gradients one example at a time (64 runs of the
 * compiled step on batches of one). Scores are µs per batch.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "--add-modules", "jdk.incubator.vector"})
public class VmapBench {
  static final int BATCH = 64;

  /** The parameters' and the batch's dtype. */
  @Param({"float64", "float32"})
  public String dtype;

  final Sequential model = Mlp.of(Activation.relu(), 128, 10);
  List<Object> params;
  final List<Object> state = model.initState(Shape.of(784));
  Tensor x;
  Tensor y;
  Tensor[] xs;
  Tensor[] ys;
  CompiledModel<List<Object>, List<Object>> compiled;

  /** Builds the model in the chosen dtype and compiles the three plans by running each once. */
  @Setup(Level.Trial)
  public void setUp() {
    DType d = DType.valueOf(dtype.toUpperCase(java.util.Locale.ROOT));
    params = model.init(Key.of(1), Shape.of(784), d);
    x = Tensor.normal(Key.of(2), Shape.of(BATCH, 784), 0, 1).cast(d);
    double[] labels = new double[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = i % 10;
    }
    y = Tensor.of(labels, BATCH).cast(d);
    xs = new Tensor[BATCH];
    ys = new Tensor[BATCH];
    for (int i = 0; i < BATCH; i++) {
      xs[i] = x.slice(new int[] {i, 0}, new int[] {i + 1, 784}, new int[] {1, 1});
      ys[i] = y.slice(new int[] {i}, new int[] {i + 1}, new int[] {1});
    }
    compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, Shape.of(784), Shape.of());
    batchGradient();
    perExampleGradients();
    oneAtATime();
  }

  /** {@return the batch loss and its gradient} */
  @Benchmark
  public CompiledModel.StepResult<List<Object>, List<Object>> batchGradient() {
    return compiled.step(params, state, x, y, 0);
  }

  /** {@return every example's loss and gradient, by the vectorised plan} */
  @Benchmark
  public CompiledModel.PerExample<List<Object>> perExampleGradients() {
    return compiled.perExampleGrads(params, state, x, y, 0);
  }

  /** {@return every example's gradient, one batch of one at a time (the last one; all are computed)} */
  @Benchmark
  public List<Object> oneAtATime() {
    List<Object> last = null;
    for (int i = 0; i < BATCH; i++) {
      last = compiled.step(params, state, xs[i], ys[i], 0).grads();
    }
    return last;
  }
}
