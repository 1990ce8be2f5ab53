package dev.fluxion.nn.train;

import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Synchronous data-parallel SGD, one step at a time: each of {@code k} shards of a global batch
 * has its gradient computed alone ({@link #gradient}); the {@link ShardGradient}s are summed in
 * {@link TreeReduce} order and divided by {@code k}; the optimizer's update is applied once
 * ({@link #update}). Workers on a cluster (the spark module) call the two halves; {@link #apply}
 * runs all of it in one process, and gives the same bits.
 *
 * <p>Shard {@code s} of step {@code t} draws its randomness from {@code key.fold(t).fold(s)}. The model
 * state after a step is shard 0's, as PyTorch's DistributedDataParallel keeps rank 0's buffers:
 * BatchNorm normalises each shard by its own statistics and the running statistics follow shard 0.
 *
 * <p>The mean of {@code k} shard gradients equals the gradient of the global batch's mean loss;
 * rounding differs from one {@link TrainStep} on the whole batch (sums run in another order), by a
 * few ulps per step.
 *
 * <p><b>Thread safety.</b> Immutable apart from plan caches filled once per batch size; calls may
 * run concurrently.
 *
 * @param <P> the parameter tree type
 * @param <S> the model state tree type
 * @param <O> the optimizer state type
 */
public final class ShardedStep<P, S, O> {
  private final CompiledModel<P, S> model;
  private final GradientTransformation<O> optimizer;
  private final Structure<P> paramShapes;
  private final Structure<O> optShapes;
  private final java.util.concurrent.ConcurrentHashMap<Integer, Plan> updates = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Compiles the update and prepares the per-shard gradient of {@code model} under {@code loss}.
   *
   * @param model the model, applied in training mode
   * @param loss (outputs, targets) to a rank-0 expression
   * @param penalty an optional regularizer of the (traced) parameters, added to every shard's loss
   * @param optimizer a pure optimizer whose {@code update} works on traced trees
   * @param params a parameter tree (only its structure, shapes and dtype are used)
   * @param modelState a model state tree (likewise)
   * @param exampleX the shape of one input example
   * @param exampleY the shape of one target ({@code []} for class labels)
   * @throws IllegalArgumentException if an argument is null, or the optimizer's update does not trace
   */
  public ShardedStep(Layer<P, S> model, Loss loss, @Nullable Function<P, Expr> penalty,
      GradientTransformation<O> optimizer, P params, S modelState, Shape exampleX, Shape exampleY) {
    this.model = new CompiledModel<>(model, loss, penalty, params, modelState, exampleX, exampleY);
    this.optimizer = Checks.notNull(optimizer, "optimizer");
    this.paramShapes = Structure.of(params);
    this.optShapes = Structure.of(Checks.notNull(optimizer.init(params), "optimizer.init(params)"));
    updates.put(1, updatePlan(1));
  }

  /**
   * One shard's part of a step.
   *
   * @param gradient its gradient, loss and correct count
   * @param modelState the model state after its micro-batch
   * @param outputs the model's outputs for its micro-batch
   * @param <S> the model state tree type
   */
  public record Local<S>(ShardGradient gradient, S modelState, Tensor outputs) {}

  /**
   * {@return the gradient of the mean loss over one shard's micro-batch {@code (x, y)}, its loss,
   * correct count and next model state}
   *
   * @param params the parameters (replicated on every shard)
   * @param modelState the model state (shard 0's after the previous step)
   * @param x inputs {@code [b, exampleX...]}
   * @param y targets {@code [b, exampleY...]}
   * @param seed this shard's randomness: {@code key.fold(step).fold(shard).seed()}
   * @throws IllegalArgumentException if the batch or a tree does not fit
   */
  public Local<S> gradient(P params, S modelState, Tensor x, Tensor y, long seed) {
    CompiledModel.StepResult<P, S> r = model.step(params, modelState, x, y, seed);
    return new Local<>(new ShardGradient(r.loss(), Accuracies.correct(r.outputs(), y), 1,
        Trees.flatten(r.grads()).values()), r.state(), r.outputs());
  }

  /**
   * The result of an update.
   *
   * @param params the parameters after the step
   * @param optState the optimizer state after the step
   * @param <P> the parameter tree type
   * @param <O> the optimizer state type
   */
  public record Updated<P, O>(P params, O optState) {}

  /**
   * {@return the parameters and optimizer state after applying {@code total}'s mean gradient
   * ({@code total.grads() / total.shards()})}
   *
   * @param params the parameters before the step
   * @param optState the optimizer state before the step
   * @param total the tree-ordered sum of every shard's contribution
   * @throws IllegalArgumentException if a tree or the gradient does not fit the parameters
   */
  public Updated<P, O> update(P params, O optState, ShardGradient total) {
    Checks.notNull(total, "total");
    if (!optShapes.matches(optState)) {
      OptimizerCheck.check(optimizer, params, optState, "ShardedStep.update");
    }
    List<Tensor> args = new ArrayList<>(2 * paramShapes.size() + optShapes.size());
    paramShapes.bind("params", params, args);
    optShapes.bind("optState", optState, args);
    if (total.grads().size() != paramShapes.size()) {
      throw new IllegalArgumentException("ShardedStep.update: " + total.grads().size() + " gradient leaves for "
          + paramShapes.size() + " parameters");
    }
    args.addAll(total.grads());
    List<Tensor> out = updates.computeIfAbsent(total.shards(), this::updatePlan).run(args);
    int n = paramShapes.size();
    return new Updated<>(paramShapes.rebuild(out.subList(0, n)), optShapes.rebuild(out.subList(n, out.size())));
  }

  /**
   * {@return one step on the global batch {@code (x, y)}, split into {@code k} equal contiguous
   * shards, all computed here: the same bits as {@code k} workers}
   *
   * @param params the parameters, of the template's structure
   * @param optState the optimizer state, made by this step's optimizer
   * @param modelState the model state before the step (every shard starts from it)
   * @param x inputs {@code [k*b, exampleX...]}
   * @param y targets {@code [k*b, exampleY...]}
   * @param k the number of shards, {@code >= 1}, dividing the batch size
   * @param stepKey the step's key ({@code key.fold(step)}); shard {@code s} uses {@code stepKey.fold(s)}
   * @throws IllegalArgumentException if {@code k} does not divide the batch, or a tree or the batch does not fit
   */
  public TrainStep.Result<P, S, O> apply(P params, O optState, S modelState, Tensor x, Tensor y, int k, Key stepKey) {
    Checks.notNull(x, "x");
    Checks.notNull(y, "y");
    Checks.notNull(stepKey, "stepKey");
    int n = x.rank() == 0 ? 0 : x.shape().dim(0);
    if (k < 1 || n % k != 0 || n == 0) {
      throw new IllegalArgumentException("ShardedStep: a batch of " + n + " examples does not split into " + k
          + " equal shards (use a batch size divisible by " + k + " and drop the last batch)");
    }
    int b = n / k;
    List<ShardGradient> parts = new ArrayList<>(k);
    Tensor[] outputs = new Tensor[k];
    S nextState = modelState;
    for (int s = 0; s < k; s++) {
      Local<S> local = gradient(params, modelState, rows(x, s * b, b), rows(y, s * b, b), stepKey.fold(s).seed());
      parts.add(local.gradient());
      outputs[s] = local.outputs();
      nextState = s == 0 ? local.modelState() : nextState;
    }
    ShardGradient total = TreeReduce.reduce(parts, ShardGradient::plus);
    Updated<P, O> u = update(params, optState, total);
    return new TrainStep.Result<>(u.params(), u.optState(), nextState, total.loss() / k, Tensor.concat(0, outputs));
  }

  /** {@return rows {@code [from, from + count)} of {@code t}} */
  static Tensor rows(Tensor t, int from, int count) {
    int[] start = new int[t.rank()];
    int[] stop = t.shape().toArray();
    int[] step = new int[t.rank()];
    java.util.Arrays.fill(step, 1);
    start[0] = from;
    stop[0] = from + count;
    return t.slice(start, stop, step);
  }

  /** The update from the sum of {@code k} gradients: their mean (a division inside the plan), then the optimizer. */
  private Plan updatePlan(int k) {
    List<Var> vars = new ArrayList<>();
    P p = paramShapes.trace("params", vars);
    O o = optShapes.trace("optState", vars);
    P sum = paramShapes.trace("grads", vars);
    P g = k == 1 ? sum : Trees.map(sum, leaf -> leaf.div(k));
    GradientTransformation.Update<P, O> u;
    try {
      u = optimizer.update(g, o, p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ShardedStep: the optimizer's update must work on traced trees (Expr"
          + " arithmetic, no Trees.value or item() of a leaf): " + e.getMessage(), e);
    }
    List<Expr> outputs = new ArrayList<>(paramShapes.checked("the new parameters",
        Optimizers.applyUpdates(p, u.updates())));
    outputs.addAll(optShapes.checked("the new optimizer state", u.state()));
    return Plan.of(outputs, vars);
  }
}
