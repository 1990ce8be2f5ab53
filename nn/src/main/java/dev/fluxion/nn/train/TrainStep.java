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
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The whole training step as one compiled pure function, the equivalent of
 * {@code jax.jit(train_step)}:
 * {@code (params, optState, modelState, batch, seed) -> (params', optState', modelState', loss, outputs)}.
 * The loss (plus an optional penalty), its symbolic gradient, the optimizer's
 * {@code update} and {@code applyUpdates} are traced once and compiled into one {@link Plan} per
 * batch size, so the optimizer's elementwise arithmetic runs inside the plan next to the gradient
 * that feeds it.
 *
 * <p>The trees are bound by position: the parameters', optimizer state's and model state's
 * leaves (depth-first, as {@code Trees.leaves} lists them), then {@code x}, {@code y} and the
 * seed. The results are bit for bit those of {@link CompiledModel#step} followed by
 * {@code optimizer.update} and {@link Optimizers#applyUpdates} on constants, in float64 and float32.
 *
 * <p><b>dtype.</b> The step runs in the parameters' dtype ({@link Trees#dtype}); batches must
 * have it, or be int32 indices (token ids as inputs, class labels as targets), else {@code apply}
 * throws naming both. A plan is compiled per batch size and batch dtypes.
 *
 * <p><b>Thread safety.</b> A train step is an immutable value apart from its per-batch-size plan
 * cache (a concurrent map filled once per size): {@link #apply} may run concurrently from many
 * threads, with any batch sizes, and gives the same bits as sequential calls.
 *
 * @param <P> the parameter tree type
 * @param <S> the model state tree type
 * @param <O> the optimizer state type
 */
public final class TrainStep<P, S, O> {
  private final Layer<P, S> model;
  private final Loss loss;
  private final @Nullable Function<? super P, Expr> penalty;
  private final GradientTransformation<O> optimizer;
  private final Shape exampleX;
  private final Shape exampleY;
  private final Structure<P> paramShapes;
  private final Structure<O> optShapes;
  private final Structure<S> stateShapes;
  private final DType dtype;
  private final ConcurrentHashMap<BatchShapes.Kind, Plan> plans = new ConcurrentHashMap<>();

  private TrainStep(Layer<P, S> model, Loss loss, @Nullable Function<? super P, Expr> penalty,
      GradientTransformation<O> optimizer, P params, S modelState, Shape exampleX, Shape exampleY) {
    this.model = Checks.notNull(model, "model");
    this.loss = Checks.notNull(loss, "loss");
    this.penalty = penalty;
    this.optimizer = Checks.notNull(optimizer, "optimizer");
    this.exampleX = Checks.notNull(exampleX, "exampleX");
    this.exampleY = Checks.notNull(exampleY, "exampleY");
    this.paramShapes = Structure.of(Checks.notNull(params, "params"));
    this.optShapes = Structure.of(Checks.notNull(optimizer.init(params), "optimizer.init(params)"));
    this.stateShapes = Structure.of(Checks.notNull(modelState, "modelState"));
    this.dtype = Trees.dtype(params, DType.FLOAT64);
  }

  /**
   * {@return a builder of the train step of {@code model} minimizing {@code loss} with {@code optimizer}}
   *
   * @param <P> the parameter tree type
   * @param <S> the model state tree type
   * @param <O> the optimizer state type
   * @param model the model, applied in training mode
   * @param loss (outputs, targets) to a rank-0 expression
   * @param optimizer a pure optimizer whose {@code update} works on traced trees (all of
   *     {@code Optimizers} and {@code Transformations} do)
   */
  public static <P, S, O> Builder<P, S, O> builder(Layer<P, S> model, Loss loss, GradientTransformation<O> optimizer) {
    return new Builder<>(Checks.notNull(model, "model"), Checks.notNull(loss, "loss"),
        Checks.notNull(optimizer, "optimizer"), null);
  }

  /**
   * Collects the optional parts of a {@link TrainStep} before it is built.
   *
   * @param <P> the parameter tree type
   * @param <S> the model state tree type
   * @param <O> the optimizer state type
   */
  public static final class Builder<P, S, O> {
    private final Layer<P, S> model;
    private final Loss loss;
    private final GradientTransformation<O> optimizer;
    private final @Nullable Function<? super P, Expr> penalty;

    private Builder(Layer<P, S> model, Loss loss, GradientTransformation<O> optimizer,
        @Nullable Function<? super P, Expr> penalty) {
      this.model = model;
      this.loss = loss;
      this.optimizer = optimizer;
      this.penalty = penalty;
    }

    /**
     * {@return this builder with a penalty of the (traced) parameters added to the loss, e.g.
     * {@code p -> Penalties.l2(p).times(1e-4)}; {@code null} for none}
     *
     * @param penalty parameters to a rank-0 expression
     */
    public Builder<P, S, O> penalty(@Nullable Function<? super P, Expr> penalty) {
      return new Builder<>(model, loss, optimizer, penalty);
    }

    /**
     * {@return the train step for parameters and model state of the structure of {@code params}
     * and {@code modelState}, on examples of shape {@code exampleX} with targets of shape
     * {@code exampleY} (per example; {@code []} for class labels)}
     *
     * <p>The optimizer state's structure is that of {@code optimizer.init(params)}.
     *
     * @param params a parameter tree (its values are not used; only its structure and shapes)
     * @param modelState a model state tree (likewise)
     * @param exampleX the shape of one input example
     * @param exampleY the shape of one target ({@code []} for class labels)
     * @throws IllegalArgumentException if the optimizer's initial state is null or the
     *     parameters mix dtypes
     */
    public TrainStep<P, S, O> build(P params, S modelState, Shape exampleX, Shape exampleY) {
      return new TrainStep<>(model, loss, penalty, optimizer, params, modelState, exampleX, exampleY);
    }
  }

  /**
   * The result of one step.
   *
   * @param params the parameters after the step
   * @param optState the optimizer state after the step
   * @param modelState the model state after the step (e.g. BatchNorm's running statistics)
   * @param loss the batch loss (with the penalty) at the parameters before the step
   * @param outputs the model's outputs for the batch, {@code [N, ...]}
   * @param <P> the parameter tree type
   * @param <S> the model state tree type
   * @param <O> the optimizer state type
   */
  public record Result<P, S, O>(P params, O optState, S modelState, double loss, Tensor outputs) {}

  /**
   * {@return one training step on the batch {@code (x, y)}: loss and gradient at {@code params},
   * the optimizer's update, the new parameters, optimizer and model states}
   *
   * @param params parameters of the template's structure and shapes
   * @param optState the optimizer state, made by this step's optimizer for such parameters
   * @param modelState the model state of the template's structure (e.g. BatchNorm's running statistics)
   * @param x inputs {@code [N, exampleX...]}
   * @param y targets {@code [N, exampleY...]}
   * @param seed the randomness of this step (dropout masks)
   * @throws IllegalArgumentException if a tree does not fit the template (naming the first
   *     differing leaf, or both optimizers' state kinds), or the batch's shapes or dtype do not
   *     fit the model
   */
  public Result<P, S, O> apply(P params, O optState, S modelState, Tensor x, Tensor y, long seed) {
    List<Tensor> args = new ArrayList<>(paramShapes.size() + optShapes.size() + stateShapes.size() + 3);
    paramShapes.bind("params", params, args);
    if (!optShapes.matches(optState)) {
      OptimizerCheck.check(optimizer, params, optState, "TrainStep.apply");
    }
    optShapes.bind("optState", optState, args);
    stateShapes.bind("modelState", modelState, args);
    BatchShapes.Kind kind = batchKind(x, y);
    args.add(x);
    args.add(y);
    args.add(Tensor.scalar(seed));
    List<Tensor> out = plans.computeIfAbsent(kind, this::plan).run(args);
    int at = 2;
    P nextParams = paramShapes.rebuild(out.subList(at, at += paramShapes.size()));
    O nextOpt = optShapes.rebuild(out.subList(at, at += optShapes.size()));
    S nextState = stateShapes.rebuild(out.subList(at, at + stateShapes.size()));
    return new Result<>(nextParams, nextOpt, nextState, out.get(0).item(), out.get(1));
  }

  /**
   * {@return {@link #apply(Object, Object, Object, Tensor, Tensor, long)} on a batch}
   *
   * @param params parameters of the template's structure and shapes
   * @param optState the optimizer state, made by this step's optimizer for such parameters
   * @param modelState the model state of the template's structure (e.g. BatchNorm's running statistics)
   * @param batch inputs {@code [N, exampleX...]} and targets {@code [N, exampleY...]}
   * @param seed the randomness of this step (dropout masks)
   * @throws IllegalArgumentException if a tree or the batch does not fit
   */
  public Result<P, S, O> apply(P params, O optState, S modelState, Batch batch, long seed) {
    Checks.notNull(batch, "batch");
    return apply(params, optState, modelState, batch.x(), batch.y(), seed);
  }

  /** {@return the optimizer this step applies} */
  public GradientTransformation<O> optimizer() {
    return optimizer;
  }

  /**
   * {@return the number of nodes of the compiled step for batch size {@code n} (a regression guard)}
   *
   * @param n the batch size, {@code >= 1}
   */
  public int planSize(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("planSize: batch size must be >= 1, got " + n);
    }
    return plans.computeIfAbsent(new BatchShapes.Kind(n, dtype, dtype), this::plan).size();
  }

  private Plan plan(BatchShapes.Kind kind) {
    int n = kind.n();
    List<Var> parameters = new ArrayList<>();
    P p = paramShapes.trace("params", parameters);
    O o = optShapes.trace("optState", parameters);
    S s = stateShapes.trace("modelState", parameters);
    Var x = Fx.variable("x", BatchShapes.batched(n, exampleX), kind.x());
    Var y = Fx.variable("y", BatchShapes.batched(n, exampleY), kind.y());
    Var seed = Fx.variable("seed");
    parameters.add(x);
    parameters.add(y);
    parameters.add(seed);
    Layer.Output<S> out = model.apply(p, s, x, Mode.train(seed));
    Expr total = loss.apply(out.y(), y);
    if (total.shape().rank() != 0) {
      throw new IllegalArgumentException("the loss must be a scalar, got shape " + total.shape());
    }
    if (penalty != null) {
      total = total.plus(penalty.apply(p));
    }
    Map<String, Expr> byName = AD.vjpExpr(total, Fx.onesLike(total));
    P grads = Trees.map(p, leaf -> {
      Expr g = byName.get(((Var) leaf).name());
      return g == null ? Fx.zerosLike(leaf) : g;
    });
    GradientTransformation.Update<P, O> u;
    try {
      u = optimizer.update(grads, o, p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TrainStep: the optimizer's update must work on traced trees (Expr"
          + " arithmetic, no Trees.value or item() of a leaf): " + e.getMessage(), e);
    }
    List<Expr> outputs = new ArrayList<>();
    outputs.add(total);
    outputs.add(out.y());
    outputs.addAll(paramShapes.checked("the new parameters", Optimizers.applyUpdates(p, u.updates())));
    outputs.addAll(optShapes.checked("the new optimizer state", u.state()));
    outputs.addAll(stateShapes.checked("the new model state", out.state()));
    return Plan.of(outputs, parameters);
  }

  private BatchShapes.Kind batchKind(Tensor x, Tensor y) {
    Checks.notNull(x, "x");
    Checks.notNull(y, "y");
    if (x.rank() == 0 || y.rank() == 0 || x.shape().dim(0) != y.shape().dim(0)) {
      throw new IllegalArgumentException("TrainStep.apply: x " + x.shape() + " and y " + y.shape()
          + " must be batches of one size");
    }
    BatchShapes.checkExample("x", x.shape(), exampleX);
    BatchShapes.checkExample("y", y.shape(), exampleY);
    return new BatchShapes.Kind(x.shape().dim(0), BatchShapes.checkDType("TrainStep.apply", "x", x, dtype),
        BatchShapes.checkDType("TrainStep.apply", "y", y, dtype));
  }
}
