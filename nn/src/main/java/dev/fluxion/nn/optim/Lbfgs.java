package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.LbfgsState.LineSearchInfo;
import dev.fluxion.nn.optim.Objective.FlatValue;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Limited-memory BFGS with a strong-Wolfe zoom line search, as Optax's {@code lbfgs}
 * ({@code chain(scale_by_lbfgs, scale_by_zoom_linesearch)}), for full-batch problems.
 *
 * <p>The direction is {@code d = -H g}, {@code H} the inverse-Hessian estimate of Nocedal's two-loop
 * recursion over the last {@code m} pairs {@code (s, y)}, started from {@code gamma I} with
 * {@code gamma = s'y / y'y} of the newest pair (the identity before any pair; the first trial step is
 * then {@code min(1, 1/|g|)}, later ones {@code 1}). A pair with {@code s'y <= 1e-10 |s| |y|} is not
 * stored, and a direction that is not a descent direction is replaced by {@code -g} with the memory
 * cleared. Like Optax's update, {@link #update} needs the loss value and the objective besides the
 * gradient, because the line search evaluates the loss; it is still a pure function: the same inputs
 * give the same state and updates, bit for bit.
 *
 * <pre>{@code
 * Minimum<P> m = Lbfgs.of().minimize(loss, params, MinimizeOptions.defaults());
 * }</pre>
 */
public final class Lbfgs {
  private static final double CURVATURE_EPS = 1e-10;

  private final int memory;
  private final double c1;
  private final double c2;
  private final int maxLineSearchEvaluations;

  private Lbfgs(int memory, double c1, double c2, int maxLineSearchEvaluations) {
    if (memory < 1) {
      throw new IllegalArgumentException("memory must be >= 1, got " + memory);
    }
    if (!(c1 > 0 && c1 < c2 && c2 < 1)) {
      throw new IllegalArgumentException("the Wolfe constants must satisfy 0 < c1 < c2 < 1, got c1 = " + c1
          + ", c2 = " + c2);
    }
    if (maxLineSearchEvaluations < 1) {
      throw new IllegalArgumentException("maxLineSearchEvaluations must be >= 1, got " + maxLineSearchEvaluations);
    }
    this.memory = memory;
    this.c1 = c1;
    this.c2 = c2;
    this.maxLineSearchEvaluations = maxLineSearchEvaluations;
  }

  /** {@return L-BFGS with Optax's defaults: memory 10, {@code c1 = 1e-4}, {@code c2 = 0.9}, 20 line-search evaluations} */
  public static Lbfgs of() {
    return new Lbfgs(10, 1e-4, 0.9, 20);
  }

  /**
   * {@return L-BFGS keeping the last {@code memory} curvature pairs, other settings as {@link #of()}}
   *
   * @param memory the number of pairs {@code m}, {@code >= 1}
   * @throws IllegalArgumentException if {@code memory < 1}
   */
  public static Lbfgs of(int memory) {
    return new Lbfgs(memory, 1e-4, 0.9, 20);
  }

  /**
   * {@return this L-BFGS with another line search}
   *
   * @param c1 the sufficient-decrease constant
   * @param c2 the curvature constant, {@code 0 < c1 < c2 < 1}
   * @param maxEvaluations the most loss-and-gradient evaluations per line search, {@code >= 1}
   * @throws IllegalArgumentException naming the value out of its domain
   */
  public Lbfgs withLineSearch(double c1, double c2, int maxEvaluations) {
    return new Lbfgs(memory, c1, c2, maxEvaluations);
  }

  /**
   * {@return the initial state: {@code m} empty memory slots sized for {@code params}, no line search yet}
   *
   * @param params the parameter tree, at least one leaf
   * @throws IllegalArgumentException if {@code params} is null or has no leaves
   */
  public LbfgsState init(Object params) {
    int n = FlatParams.of(params).size();
    List<Expr> zeros = Collections.nCopies(memory, Fx.zeros(Shape.of(n)));
    return new LbfgsState(TreeMath.count(0), TreeMath.count(0), zeros, zeros, Fx.scalar(Double.NaN), Fx.zeros(Shape.of(n)),
        LineSearchInfo.NONE);
  }

  /**
   * {@return one L-BFGS step: the updates {@code a d} (add them with {@code Optimizers.applyUpdates}) and
   * the next state, which holds the loss and gradient at the new parameters ({@link LbfgsState#loss()},
   * {@link LbfgsState#grads}); when no step decreased the loss the updates are zero and
   * {@code state.lineSearch().decreased()} is false}
   *
   * @param <P> the parameter tree type
   * @param grads the gradient of the objective at {@code params}, a tree like it
   * @param state the state from {@code init} or the previous update
   * @param params the current point, a tree of the objective's layout
   * @param value the loss at {@code params}, finite
   * @param objective the loss the line search evaluates
   * @throws IllegalArgumentException if {@code value} or a gradient is not finite, or a tree does not
   *     match the objective's layout
   */
  public <P> GradientTransformation.Update<P, LbfgsState> update(P grads, LbfgsState state, P params, double value,
      Objective<P> objective) {
    Checks.notNull(state, "state");
    Checks.notNull(objective, "objective");
    FlatParams<P> layout = objective.layout();
    double[] x = layout.toArray(params);
    double[] g = layout.toArray(grads);
    checkFinite(value, g, "L-BFGS update", layout);
    Flat step = step(x, value, g, state, objective);
    return new GradientTransformation.Update<>(layout.fromArray(step.updates()), step.state());
  }

  /**
   * {@return the minimum of {@code loss} from {@code params}: the loss is compiled once
   * ({@link Objective#of(Function, Object)}), then L-BFGS iterates until a rule of {@code options}
   * stops it}
   *
   * @param <P> the parameter tree type
   * @param loss builds the rank-0 loss from a traced tree
   * @param params the start, constant leaves
   * @param options the stopping rules
   * @throws IllegalArgumentException if {@code params} has no leaves, the loss is not rank 0, or the
   *     loss or gradient at the start is not finite
   */
  public <P> Minimum<P> minimize(Function<P, Expr> loss, P params, MinimizeOptions options) {
    return minimize(Objective.of(loss, params), params, options);
  }

  /**
   * {@return the minimum of an expression over named variables from {@code start}; the result's tree
   * maps each name to its constant (see {@link Objective#tree})}
   *
   * @param loss a rank-0 expression
   * @param start a value for every variable of {@code loss} (at least one)
   * @param options the stopping rules
   * @throws IllegalArgumentException if the loss is not rank 0, has a variable missing from
   *     {@code start} or of another shape, or is not finite at the start
   */
  public Minimum<Map<String, Expr>> minimize(Expr loss, Map<String, Tensor> start,
      MinimizeOptions options) {
    return minimize(Objective.of(loss, start), Objective.tree(start), options);
  }

  /**
   * {@return the minimum of a compiled objective from {@code params}; see {@link #minimize(Function, Object,
   * MinimizeOptions)}}
   *
   * @param <P> the parameter tree type
   * @param objective the compiled loss, with its parameter layout
   * @param params the start, a tree of the objective's layout
   * @param options the stopping rules
   * @throws IllegalArgumentException if the loss or gradient at the start is not finite
   */
  public <P> Minimum<P> minimize(Objective<P> objective, P params, MinimizeOptions options) {
    Checks.notNull(objective, "objective");
    Checks.notNull(options, "options");
    FlatParams<P> layout = objective.layout();
    double[] x = layout.toArray(params);
    FlatValue v = objective.evaluate(x);
    double f = v.value();
    double[] g = v.gradient().toArray();
    checkFinite(f, g, "L-BFGS start", layout);
    int evaluations = 1;
    LbfgsState state = init(params);
    for (int it = 0; ; it++) {
      double norm = maxAbs(g);
      StopReason stop = norm <= options.gradientTolerance() ? StopReason.GRADIENT_TOLERANCE
          : it == options.maxIterations() ? StopReason.MAX_ITERATIONS : null;
      if (stop != null) {
        return new Minimum<>(layout.fromArray(x), f, norm, it, evaluations, stop);
      }
      Flat step = step(x, f, g, state, objective);
      state = step.state();
      evaluations += state.lineSearch().evaluations();
      if (!state.lineSearch().decreased()) {
        return new Minimum<>(layout.fromArray(x), f, norm, it, evaluations, StopReason.LINE_SEARCH_FAILED);
      }
      double previous = f;
      x = step.x();
      f = state.loss();
      g = Trees.value(state.gradient()).toArray();
      double tol = options.valueTolerance();
      if (tol > 0 && previous - f <= tol * Math.max(Math.max(Math.abs(f), Math.abs(previous)), 1)) {
        return new Minimum<>(layout.fromArray(x), f, maxAbs(g), it + 1, evaluations, StopReason.VALUE_TOLERANCE);
      }
    }
  }

  /** One step on flat arrays: the updates, the new point, the next state. */
  private record Flat(double[] updates, double[] x, LbfgsState state) {}

  private Flat step(double[] x, double f, double[] g, LbfgsState state, Objective<?> objective) {
    if (state.gradient().shape().size() != x.length) {
      throw new IllegalArgumentException("the state holds vectors of length " + state.gradient().shape().size()
          + " but the parameters have " + x.length + " numbers; initialize it with these parameters");
    }
    if (state.s().size() != memory) {
      throw new IllegalArgumentException("the state has " + state.s().size() + " memory slots but this L-BFGS keeps "
          + memory);
    }
    List<Expr> s = state.s();
    List<Expr> y = state.y();
    int k = state.storedPairs();
    double[] d = direction(g, s, y, k);
    if (!(ZoomLineSearch.dot(d, g) < 0)) {
      k = 0;
      d = direction(g, s, y, k);
    }
    double a0 = k == 0 ? Math.min(1, 1 / Math.sqrt(ZoomLineSearch.dot(g, g))) : 1;
    ZoomLineSearch.Result r = new ZoomLineSearch(c1, c2, maxLineSearchEvaluations).search(objective, x, f, g, d, a0);
    LineSearchInfo info = new LineSearchInfo(r.stepSize(), r.evaluations(), r.wolfe());
    Expr count = TreeMath.count(state.steps() + 1);
    if (!r.decreased()) {
      LbfgsState next = new LbfgsState(count, TreeMath.count(k), s, y, Fx.scalar(f), vector(g.clone()), info);
      return new Flat(new double[x.length], x, next);
    }
    double[] updates = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      updates[i] = r.stepSize() * d[i];
    }
    double[] gNew = r.at().gradient().toArray();
    double[] dy = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dy[i] = gNew[i] - g[i];
    }
    double sy = ZoomLineSearch.dot(updates, dy);
    if (sy > CURVATURE_EPS * Math.sqrt(ZoomLineSearch.dot(updates, updates) * ZoomLineSearch.dot(dy, dy))) {
      s = push(s, vector(updates.clone()));
      y = push(y, vector(dy));
      k = Math.min(k + 1, memory);
    }
    LbfgsState next = new LbfgsState(count, TreeMath.count(k), s, y, Fx.scalar(r.at().value()), vector(gNew), info);
    return new Flat(updates, r.x(), next);
  }

  /** {@code slots} without its oldest entry, {@code v} appended. */
  private static List<Expr> push(List<Expr> slots, Expr v) {
    List<Expr> out = new ArrayList<>(slots.subList(1, slots.size()));
    out.add(v);
    return out;
  }

  private static Expr vector(double[] v) {
    return Fx.constant(Tensor.of(v, v.length));
  }

  /** {@code -H g} by the two-loop recursion (Nocedal and Wright, Algorithm 7.4) over the last {@code k} pairs. */
  private static double[] direction(double[] g, List<Expr> s, List<Expr> y, int k) {
    int first = s.size() - k;
    double[] q = g.clone();
    double[] alpha = new double[k];
    double[] rho = new double[k];
    double[][] ss = new double[k][];
    double[][] ys = new double[k][];
    for (int i = 0; i < k; i++) {
      ss[i] = Trees.value(s.get(first + i)).toArray();
      ys[i] = Trees.value(y.get(first + i)).toArray();
      rho[i] = 1 / ZoomLineSearch.dot(ys[i], ss[i]);
    }
    for (int i = k - 1; i >= 0; i--) {
      alpha[i] = rho[i] * ZoomLineSearch.dot(ss[i], q);
      axpy(-alpha[i], ys[i], q);
    }
    double gamma = k == 0 ? 1 : ZoomLineSearch.dot(ss[k - 1], ys[k - 1]) / ZoomLineSearch.dot(ys[k - 1], ys[k - 1]);
    for (int i = 0; i < q.length; i++) {
      q[i] *= gamma;
    }
    for (int i = 0; i < k; i++) {
      double beta = rho[i] * ZoomLineSearch.dot(ys[i], q);
      axpy(alpha[i] - beta, ss[i], q);
    }
    for (int i = 0; i < q.length; i++) {
      q[i] = -q[i];
    }
    return q;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] g) {
    double m = 0;
    for (double v : g) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  private static void checkFinite(double value, double[] g, String where, FlatParams<?> layout) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(where + ": the loss is " + value + "; start from a point where it is finite");
    }
    for (int i = 0; i < g.length; i++) {
      if (!Double.isFinite(g[i])) {
        throw new IllegalArgumentException(where + ": the gradient at " + layout.describe(i) + " is " + g[i]);
      }
    }
  }
}
