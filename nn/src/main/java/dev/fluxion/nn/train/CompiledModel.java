package dev.fluxion.nn.train;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.transform.Vmap;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.tree.Flat;
import dev.fluxion.nn.tree.TreeDef;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A model, its loss and the symbolic gradient, traced and differentiated once and compiled into
 * {@link Plan}s (one per batch size) that each training step only runs with new bindings —
 * never rebuilding or re-differentiating the graph.
 *
 * <p>Plans are bound by position, as {@code jax.jit} binds a function's flattened arguments: the
 * parameters and the state are {@linkplain Trees#flatten flattened} once per call and their
 * leaves passed in order, followed by the batch; the outputs come back in order and the gradient
 * and next state are rebuilt with the trees' {@link TreeDef}s. Variable names are labels only.
 *
 * <p><b>Thread safety.</b> A compiled model is safe to share between threads: {@link #predict},
 * {@link #evaluate} and {@link #step} may run concurrently, with any batch sizes, and give the
 * same bits as sequential calls. Its only mutable parts are the per-batch-size plan caches,
 * concurrent maps filled once per size ({@code computeIfAbsent}; no lock on the run path); each
 * {@link Plan} run uses its own buffers.
 *
 * <p>The plans run in the parameters' dtype ({@link Trees#dtype}); batches must have it, or be int32
 * (token ids, class labels): a plan is compiled per batch size and batch dtypes.
 *
 * @param <P> the parameter record
 * @param <S> the state record
 */
public final class CompiledModel<P, S> {
  private final Layer<P, S> model;
  private final Loss loss;
  private final @Nullable Function<P, Expr> penalty;
  private final Shape exampleX;
  private final Shape exampleY;
  private final TreeDef<P> paramDef;
  private final TreeDef<S> stateDef;
  private final List<Var> paramVars;
  private final List<Var> stateVars;
  private final P tracedParams;
  private final S tracedState;
  private final DType dtype;
  private final ConcurrentHashMap<BatchShapes.Kind, Plan> trainPlans = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<BatchShapes.Kind, Plan> evalPlans = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<BatchShapes.Kind, Plan> lossPlans = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<BatchShapes.Kind, Plan> perExamplePlans = new ConcurrentHashMap<>();

  /**
   * Prepares a model for training on examples {@code x} of shape {@code exampleX} and targets of
   * shape {@code exampleY} (per example; {@code []} for class labels).
   *
   * @param penalty an optional regularizer of the (traced) parameters, added to the loss
   * @param model the layers, applied to batches {@code [N, ...exampleX]}
   * @param loss the loss: (outputs, targets) to a rank-0 expression
   * @param params the parameter record
   * @param state the model's initial state, e.g. running statistics
   * @param exampleX an example batch of inputs
   * @param exampleY an example batch of targets
   */
  public CompiledModel(Layer<P, S> model, Loss loss, @Nullable Function<P, Expr> penalty, P params, S state,
      Shape exampleX, Shape exampleY) {
    this.model = Checks.notNull(model, "model");
    this.loss = Checks.notNull(loss, "loss");
    this.penalty = penalty;
    this.exampleX = Checks.notNull(exampleX, "exampleX");
    this.exampleY = Checks.notNull(exampleY, "exampleY");
    Flat<P> p = Trees.flatten(Checks.notNull(params, "params"));
    Flat<S> s = Trees.flatten(Checks.notNull(state, "state"));
    this.paramDef = p.def();
    this.stateDef = s.def();
    this.paramVars = p.variables("params");
    this.stateVars = s.variables("state");
    this.tracedParams = paramDef.unflatten(paramVars);
    this.tracedState = stateDef.unflatten(stateVars);
    this.dtype = Trees.dtype(params, DType.FLOAT64);
  }

  /**
   * The result of one training evaluation.
   *
   * @param loss the batch loss, penalty included
   * @param grads the gradient, a tree like the parameters
   * @param state the model state after the batch (e.g. updated running statistics)
   * @param outputs the model's outputs for the batch, {@code [N, ...]}
   * @param <P> the parameter record
   * @param <S> the state record
   */
  public record StepResult<P, S>(double loss, P grads, S state, Tensor outputs) {}

  /**
   * {@return Loss, gradient, next state and outputs for a batch in training mode}
   *
   * @param seed the randomness of this step (dropout masks)
   * @param params the parameter record
   * @param state the model's state, e.g. running statistics
   * @param x a batch of inputs, shape {@code [N, ...exampleX]}
   * @param y a batch of targets, shape {@code [N, ...exampleY]}
   * @throws IllegalArgumentException if the batch shapes do not fit the model
   */
  public StepResult<P, S> step(P params, S state, Tensor x, Tensor y, long seed) {
    Plan plan = trainPlans.computeIfAbsent(batchKind(x, y), this::trainPlan);
    List<Tensor> out = plan.run(arguments(params, state, x, y, Tensor.scalar(seed)));
    int np = paramVars.size();
    P grads = paramDef.unflatten(constants(out, 2, 2 + np));
    S next = stateDef.unflatten(constants(out, 2 + np, out.size()));
    return new StepResult<>(out.get(0).item(), grads, next, out.get(1));
  }

  /**
   * Per-example losses and gradients of one batch.
   *
   * @param losses the loss of each example alone, {@code [N]}
   * @param grads the gradient of each example's loss, a tree like the parameters whose leaves are
   *     {@code [N, ...leaf]}: leaf {@code k} is example {@code k}'s gradient
   * @param <P> the parameter record
   */
  public record PerExample<P>(Tensor losses, P grads) {}

  /**
   * {@return each example's loss and gradient, as if each were a batch of one, in one plan: the loss of
   * one example differentiated symbolically, then {@linkplain Vmap vectorised} over the batch} What
   * differentially private training clips and noises. The penalty is not included (it belongs to the
   * batch, not to an example); example {@code k} of a batch with dropout draws its masks from
   * {@code (seed, k)}.
   *
   * @param params the parameter record
   * @param state the model's state; it must have no leaves
   * @param x a batch of inputs, shape {@code [N, ...exampleX]}
   * @param y a batch of targets, shape {@code [N, ...exampleY]}
   * @param seed the randomness of this step
   * @throws IllegalArgumentException if the batch shapes do not fit the model, or the model has state
   *     (batch statistics mix the examples, so per-example gradients are undefined; use layer norm)
   */
  public PerExample<P> perExampleGrads(P params, S state, Tensor x, Tensor y, long seed) {
    if (!stateVars.isEmpty()) {
      throw new IllegalArgumentException("perExampleGrads: the model has state (" + stateVars.size()
          + " leaves, e.g. batch-norm statistics), which mixes the examples of a batch; per-example gradients"
          + " need a stateless model (use layer norm)");
    }
    BatchShapes.Kind k = batchKind(x, y);
    double[] seeds = new double[k.n()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = (double) seed * k.n() + i;
    }
    Plan plan = perExamplePlans.computeIfAbsent(k, this::perExamplePlan);
    List<Tensor> out = plan.run(arguments(params, state, x, y, Tensor.of(seeds, k.n())));
    return new PerExample<>(out.get(0), paramDef.unflatten(constants(out, 1, out.size())));
  }

  private Plan perExamplePlan(BatchShapes.Kind k) {
    Var x = Fx.variable("x", batched(k.n(), exampleX), k.x());
    Var y = Fx.variable("y", batched(k.n(), exampleY), k.y());
    Var seeds = Fx.variable("seeds", Shape.of(k.n()));
    Var x1 = Fx.variable("x1", batched(1, exampleX), k.x());
    Var y1 = Fx.variable("y1", batched(1, exampleY), k.y());
    Var seed1 = Fx.variable("seed1");
    Expr one = loss.apply(model.apply(tracedParams, tracedState, x1, Mode.train(seed1)).y(), y1);
    if (one.shape().rank() != 0) {
      throw new IllegalArgumentException("the loss must be a scalar, got shape " + one.shape());
    }
    List<Expr> outputs = new ArrayList<>();
    outputs.add(one);
    Map<String, Expr> grads = AD.vjpExpr(one, Fx.onesLike(one));
    for (Var v : paramVars) {
      Expr g = grads.get(v.name());
      outputs.add(g == null ? Fx.zerosLike(v) : g);
    }
    Map<String, Expr> batch = Map.of(x1.name(), Fx.reshape(x, batched(k.n(), x1.shape())),
        y1.name(), Fx.reshape(y, batched(k.n(), y1.shape())), seed1.name(), seeds);
    return Plan.of(Vmap.batch(outputs, batch), parameters(x, y, seeds));
  }

  private static List<Expr> constants(List<Tensor> values, int from, int to) {
    List<Expr> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(Fx.constant(values.get(i)));
    }
    return out;
  }

  /**
   * {@return the model's outputs for a batch in evaluation mode}
   *
   * @param params the parameter record
   * @param state the model's state, e.g. running statistics
   * @param x a batch of inputs, shape {@code [N, ...exampleX]}
   * @throws IllegalArgumentException if the batch shape does not fit the model
   */
  public Tensor predict(P params, S state, Tensor x) {
    Checks.notNull(x, "x");
    if (x.rank() == 0) {
      throw new IllegalArgumentException("predict: x must be a batch, got a scalar");
    }
    checkExample("x", x.shape(), exampleX);
    DType xd = BatchShapes.checkDType("predict", "x", x, dtype);
    Plan plan = evalPlans.computeIfAbsent(new BatchShapes.Kind(x.shape().dim(0), xd, xd), this::evalPlan);
    return plan.run(arguments(params, state, x)).get(0);
  }

  /**
   * {@return loss and outputs for a batch in evaluation mode (no penalty)}
   *
   * @param params the parameter record
   * @param state the model's state, e.g. running statistics
   * @param x a batch of inputs, shape {@code [N, ...exampleX]}
   * @param y a batch of targets, shape {@code [N, ...exampleY]}
   * @throws IllegalArgumentException if the batch shapes do not fit the model
   */
  public Evaluation evaluate(P params, S state, Tensor x, Tensor y) {
    List<Tensor> out = lossPlans.computeIfAbsent(batchKind(x, y), this::lossPlan).run(arguments(params, state, x, y));
    return new Evaluation(out.get(0).item(), out.get(1));
  }

  /**
   * An evaluation of one batch.
   *
   * @param loss the batch loss, without the penalty
   * @param outputs the model's outputs for the batch, {@code [N, ...]}
   */
  public record Evaluation(double loss, Tensor outputs) {}

  /**
   * {@return the number of plan nodes of the training step for batch size {@code n} (a regression guard)}
   *
   * @param n the batch size, {@code >= 1}
   */
  public int trainPlanSize(int n) {
    return trainPlans.computeIfAbsent(new BatchShapes.Kind(n, dtype, dtype), this::trainPlan).size();
  }

  /** The plan arguments: the parameters' leaves, the state's leaves, then {@code batch}, in order. */
  private List<Tensor> arguments(P params, S state, Tensor... batch) {
    Flat<P> p = Trees.flatten(Checks.notNull(params, "params"));
    Flat<S> s = Trees.flatten(Checks.notNull(state, "state"));
    check("params", paramDef, p.def());
    check("state", stateDef, s.def());
    List<Tensor> args = new ArrayList<>(p.leaves().size() + s.leaves().size() + batch.length);
    args.addAll(p.values());
    args.addAll(s.values());
    args.addAll(List.of(batch));
    return args;
  }

  private static void check(String what, TreeDef<?> expected, TreeDef<?> found) {
    if (!expected.equals(found)) {
      throw new IllegalArgumentException("CompiledModel: the " + what + " have structure " + found
          + ", but the model was compiled for " + expected);
    }
  }

  /** The plan parameters: the traced leaves, then the batch variables, in order. */
  private List<Var> parameters(Var... batch) {
    List<Var> vars = new ArrayList<>(paramVars.size() + stateVars.size() + batch.length);
    vars.addAll(paramVars);
    vars.addAll(stateVars);
    vars.addAll(List.of(batch));
    return vars;
  }

  private Plan trainPlan(BatchShapes.Kind k) {
    Var x = Fx.variable("x", batched(k.n(), exampleX), k.x());
    Var y = Fx.variable("y", batched(k.n(), exampleY), k.y());
    Var seed = Fx.variable("seed");
    Layer.Output<S> out = model.apply(tracedParams, tracedState, x, Mode.train(seed));
    Expr total = loss.apply(out.y(), y);
    if (total.shape().rank() != 0) {
      throw new IllegalArgumentException("the loss must be a scalar, got shape " + total.shape());
    }
    if (penalty != null) {
      total = total.plus(penalty.apply(tracedParams));
    }
    List<Expr> outputs = new ArrayList<>();
    outputs.add(total);
    outputs.add(out.y());
    Map<String, Expr> grads = AD.vjpExpr(total, Fx.onesLike(total));
    for (Var v : paramVars) {
      Expr g = grads.get(v.name());
      outputs.add(g == null ? Fx.zerosLike(v) : g);
    }
    Flat<S> next = Trees.flatten(out.state());
    check("next state", stateDef, next.def());
    outputs.addAll(next.leaves());
    return Plan.of(outputs, parameters(x, y, seed));
  }

  private Plan lossPlan(BatchShapes.Kind k) {
    Var x = Fx.variable("x", batched(k.n(), exampleX), k.x());
    Var y = Fx.variable("y", batched(k.n(), exampleY), k.y());
    Expr out = model.apply(tracedParams, tracedState, x, Mode.eval()).y();
    return Plan.of(List.of(loss.apply(out, y), out), parameters(x, y));
  }

  private Plan evalPlan(BatchShapes.Kind k) {
    Var x = Fx.variable("x", batched(k.n(), exampleX), k.x());
    return Plan.of(List.of(model.apply(tracedParams, tracedState, x, Mode.eval()).y()), parameters(x));
  }

  private BatchShapes.Kind batchKind(Tensor x, Tensor y) {
    Checks.notNull(x, "x");
    Checks.notNull(y, "y");
    if (x.rank() == 0 || y.rank() == 0 || x.shape().dim(0) != y.shape().dim(0)) {
      throw new IllegalArgumentException("step: x " + x.shape() + " and y " + y.shape() + " must be batches of one size");
    }
    checkExample("x", x.shape(), exampleX);
    checkExample("y", y.shape(), exampleY);
    return new BatchShapes.Kind(x.shape().dim(0), BatchShapes.checkDType("CompiledModel", "x", x, dtype),
        BatchShapes.checkDType("CompiledModel", "y", y, dtype));
  }

  private static void checkExample(String name, Shape batch, Shape example) {
    Shape per = Shape.of(java.util.Arrays.copyOfRange(batch.toArray(), 1, batch.rank()));
    if (!per.equals(example)) {
      throw new IllegalArgumentException("batch " + name + " has examples of shape " + per + ", the model expects "
          + example);
    }
  }

  private static Shape batched(int n, Shape example) {
    int[] d = new int[example.rank() + 1];
    d[0] = n;
    System.arraycopy(example.toArray(), 0, d, 1, example.rank());
    return Shape.of(d);
  }
}
