package dev.fluxion.nn.train;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.tree.Trees;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A model, its loss and the symbolic gradient, traced and differentiated once and compiled into
 * {@link Plan}s (one per batch size) that each training step only runs with new bindings —
 * never rebuilding or re-differentiating the graph.
 *
 * <p><b>Thread safety.</b> A compiled model is safe to share between threads: {@link #predict},
 * {@link #evaluate} and {@link #step} may run concurrently, with any batch sizes, and give the
 * same bits as sequential calls. Its only mutable parts are the per-batch-size plan caches,
 * concurrent maps filled once per size ({@code computeIfAbsent}; no lock on the run path); each
 * {@link Plan} run uses its own buffers.
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
  private final P tracedParams;
  private final S tracedState;
  private final Map<String, Expr> paramLeaves;
  private final Map<String, Expr> stateLeaves;
  private final ConcurrentHashMap<Integer, Plan> trainPlans = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Plan> evalPlans = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Plan> lossPlans = new ConcurrentHashMap<>();

  /**
   * Prepares a model for training on examples {@code x} of shape {@code exampleX} and targets of
   * shape {@code exampleY} (per example; {@code []} for class labels).
   *
   * @param penalty an optional regularizer of the (traced) parameters, added to the loss
   * @param model the model
   * @param loss the loss: (outputs, targets) to a rank-0 expression
   * @param params the parameter record
   * @param state the state
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
    this.tracedParams = Trees.trace(Checks.notNull(params, "params"), "p.");
    this.tracedState = Trees.trace(Checks.notNull(state, "state"), "s.");
    this.paramLeaves = Trees.flatten(params);
    this.stateLeaves = Trees.flatten(state);
  }

  /**
   * The result of one training evaluation.
   *
   * @param loss the batch loss
   * @param grads the gradient, a tree like the parameters
   * @param state the next state
   * @param outputs the model's outputs for the batch
   * @param <P> the parameter record
   * @param <S> the state record
   */
  public record StepResult<P, S>(double loss, P grads, S state, Tensor outputs) {}

  /**
   * {@return Loss, gradient, next state and outputs for a batch in training mode}
   *
   * @param seed the randomness of this step (dropout masks)
   * @param params the parameter record
   * @param state the state
   * @param x the tensor
   * @param y the targets
   * @throws IllegalArgumentException if the batch shapes do not fit the model
   */
  public StepResult<P, S> step(P params, S state, Tensor x, Tensor y, long seed) {
    int n = batchSize(x, y);
    Plan plan = trainPlans.computeIfAbsent(n, this::trainPlan);
    Map<String, Tensor> out = plan.run(bindings(params, state, x).with("y", y).with("seed", Tensor.scalar(seed)));
    Map<String, Expr> grads = new LinkedHashMap<>();
    paramLeaves.keySet().forEach(path -> grads.put(path, Fx.constant(out.get("g." + path))));
    Map<String, Expr> nextState = new LinkedHashMap<>();
    stateLeaves.keySet().forEach(path -> nextState.put(path, Fx.constant(out.get("s'." + path))));
    return new StepResult<>(out.get("loss").item(), Trees.unflatten(params, grads),
        Trees.unflatten(state, nextState), out.get("out"));
  }

  /**
   * {@return the model's outputs for a batch in evaluation mode}
   *
   * @param params the parameter record
   * @param state the state
   * @param x the tensor
   * @throws IllegalArgumentException if the batch shape does not fit the model
   */
  public Tensor predict(P params, S state, Tensor x) {
    Checks.notNull(x, "x");
    if (x.rank() == 0) {
      throw new IllegalArgumentException("predict: x must be a batch, got a scalar");
    }
    checkExample("x", x.shape(), exampleX);
    Plan plan = evalPlans.computeIfAbsent(x.shape().dim(0), this::evalPlan);
    return plan.run(bindings(params, state, x)).get("out");
  }

  /**
   * {@return loss and outputs for a batch in evaluation mode (no penalty)}
   *
   * @param params the parameter record
   * @param state the state
   * @param x the tensor
   * @param y the targets
   * @throws IllegalArgumentException if the batch shapes do not fit the model
   */
  public Evaluation evaluate(P params, S state, Tensor x, Tensor y) {
    int n = batchSize(x, y);
    Map<String, Tensor> out = lossPlans.computeIfAbsent(n, this::lossPlan).run(bindings(params, state, x).with("y", y));
    return new Evaluation(out.get("loss").item(), out.get("out"));
  }

  /**
   * An evaluation of one batch.
   *
   * @param loss the batch loss
   * @param outputs the model's outputs
   */
  public record Evaluation(double loss, Tensor outputs) {}

  /**
   * {@return the number of plan nodes of the training step for batch size {@code n} (a regression guard)}
   *
   * @param n the count
   */
  public int trainPlanSize(int n) {
    return trainPlans.computeIfAbsent(n, this::trainPlan).size();
  }

  private Bindings bindings(P params, S state, Tensor x) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    Trees.tensors(params).forEach((path, t) -> m.put("p." + path, t));
    Trees.tensors(state).forEach((path, t) -> m.put("s." + path, t));
    m.put("x", x);
    return Bindings.of(m);
  }

  private Plan trainPlan(int n) {
    Expr x = Fx.variable("x", batched(n, exampleX));
    Expr y = Fx.variable("y", batched(n, exampleY));
    Layer.Output<S> out = model.apply(tracedParams, tracedState, x, Mode.train(Fx.variable("seed")));
    Expr total = loss.apply(out.y(), y);
    if (total.shape().rank() != 0) {
      throw new IllegalArgumentException("the loss must be a scalar, got shape " + total.shape());
    }
    if (penalty != null) {
      total = total.plus(penalty.apply(tracedParams));
    }
    Map<String, Expr> outputs = new LinkedHashMap<>();
    outputs.put("loss", total);
    outputs.put("out", out.y());
    Map<String, Expr> grads = AD.vjpExpr(total, Fx.scalar(1.0));
    for (String path : paramLeaves.keySet()) {
      outputs.put("g." + path, grads.getOrDefault("p." + path, Fx.zeros(paramLeaves.get(path).shape())));
    }
    Trees.flatten(out.state()).forEach((path, e) -> outputs.put("s'." + path, e));
    return Plan.of(outputs);
  }

  private Plan lossPlan(int n) {
    Expr x = Fx.variable("x", batched(n, exampleX));
    Expr y = Fx.variable("y", batched(n, exampleY));
    Expr out = model.apply(tracedParams, tracedState, x, Mode.eval()).y();
    Map<String, Expr> outputs = new LinkedHashMap<>();
    outputs.put("loss", loss.apply(out, y));
    outputs.put("out", out);
    return Plan.of(outputs);
  }

  private Plan evalPlan(int n) {
    Expr x = Fx.variable("x", batched(n, exampleX));
    return Plan.of(model.apply(tracedParams, tracedState, x, Mode.eval()).y());
  }

  private int batchSize(Tensor x, Tensor y) {
    Checks.notNull(x, "x");
    Checks.notNull(y, "y");
    if (x.rank() == 0 || y.rank() == 0 || x.shape().dim(0) != y.shape().dim(0)) {
      throw new IllegalArgumentException("step: x " + x.shape() + " and y " + y.shape() + " must be batches of one size");
    }
    checkExample("x", x.shape(), exampleX);
    checkExample("y", y.shape(), exampleY);
    return x.shape().dim(0);
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
