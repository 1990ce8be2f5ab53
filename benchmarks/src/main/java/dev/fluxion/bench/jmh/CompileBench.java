package dev.fluxion.bench.jmh;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.CompiledModel;
import dev.fluxion.nn.train.TrainStep;
import dev.fluxion.nn.tree.TreeGrad;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loss and gradient of the MLP 784-128-10 (ReLU, softmax cross-entropy) on a batch of 64, three
 * ways: a {@link CompiledModel} built once and run per step (compile once, run many); a new
 * {@code CompiledModel} per step (rebuild, differentiate symbolically and compile, then run once);
 * and {@link TreeGrad#valueAndGrad} per step (rebuild the expression and run the interpretive
 * reverse sweep, what an eager user writes); these have no optimizer update. Then the whole
 * training step with SGD momentum (0.1, 0.9): the compiled {@link TrainStep} (loss, gradient and
 * update in one plan), and the eager path it replaces ({@code compiledStep} followed by
 * {@code update} and {@code applyUpdates} on constants). Scores are µs per step.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "--add-modules", "jdk.incubator.vector"})
public class CompileBench {
  static final int BATCH = 64;

  final Sequential model = Mlp.of(Activation.relu(), 128, 10);
  final List<Object> params = model.init(Key.of(1), Shape.of(784));
  final List<Object> state = model.initState(Shape.of(784));
  final Tensor x = Tensor.normal(Key.of(2), Shape.of(BATCH, 784), 0, 1);
  final Tensor y = labels();
  final CompiledModel<List<Object>, List<Object>> compiled = newModel();
  final GradientTransformation<ChainState> sgd = Optimizers.sgd(0.1, 0.9, false);
  final ChainState sgdState = sgd.init(params);
  final TrainStep<List<Object>, List<Object>, ChainState> trainStep =
      TrainStep.builder(model, Losses::softmaxCrossEntropy, sgd).build(params, state, Shape.of(784), Shape.of());

  /** Compiles the reused model's and train step's plans by running their first steps. */
  @Setup(Level.Trial)
  public void setUp() {
    compiled.step(params, state, x, y, 0);
    trainStep.apply(params, sgdState, state, x, y, 0);
  }

  private static Tensor labels() {
    double[] labels = new double[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = i % 10;
    }
    return Tensor.of(labels, BATCH);
  }

  private CompiledModel<List<Object>, List<Object>> newModel() {
    return new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, Shape.of(784), Shape.of());
  }

  /** {@return loss and gradient by the plan compiled in setup} */
  @Benchmark
  public CompiledModel.StepResult<List<Object>, List<Object>> compiledStep() {
    return compiled.step(params, state, x, y, 0);
  }

  /** {@return loss and gradient by a model traced, differentiated and compiled for this one step} */
  @Benchmark
  public CompiledModel.StepResult<List<Object>, List<Object>> recompileEveryStep() {
    return newModel().step(params, state, x, y, 0);
  }

  /** {@return the whole training step (loss, gradient, SGD-momentum update) by the one plan compiled in setup} */
  @Benchmark
  public TrainStep.Result<List<Object>, List<Object>, ChainState> compiledTrainStep() {
    return trainStep.apply(params, sgdState, state, x, y, 0);
  }

  /** {@return the new parameters by the compiled loss-and-gradient step, then the eager SGD-momentum update} */
  @Benchmark
  public List<Object> eagerTrainStep() {
    var r = compiled.step(params, state, x, y, 0);
    var u = sgd.update(r.grads(), sgdState, params);
    return Optimizers.applyUpdates(params, u.updates());
  }

  /** {@return loss and gradient by rebuilding the expression and the interpretive reverse sweep} */
  @Benchmark
  public TreeGrad.Result<List<Object>> treeGrad() {
    return TreeGrad.valueAndGrad(this::loss, params);
  }

  /**
   * {@return the batch loss as an expression of (traced) parameters}
   *
   * @param p the model's parameters, a tree of its traced leaves
   */
  Expr loss(List<Object> p) {
    Expr logits = model.apply(p, state, Fx.constant(x), Mode.train(0)).y();
    return Losses.softmaxCrossEntropy(logits, Fx.constant(y));
  }
}
