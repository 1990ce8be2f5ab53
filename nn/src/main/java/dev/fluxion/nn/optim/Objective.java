package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.TreeGrad;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;

/**
 * A scalar loss of a parameter tree and its gradient, differentiated symbolically and compiled into
 * one {@link Plan} once, then evaluated many times (full-batch optimizers call it at every
 * iteration and line-search trial). Evaluations take and return either trees or flat arrays laid
 * out by {@link #layout()}; the plan binds the leaves by position. Immutable and thread-safe.
 *
 * @param <P> the parameter tree type
 */
public final class Objective<P> {
  private final FlatParams<P> layout;
  private final Plan plan;

  /** Compiles {@code [loss, d loss / d leaf 0, ...]} over the leaves' variables, in order. */
  private Objective(FlatParams<P> layout, List<Var> leaves, Expr loss) {
    this.layout = layout;
    Map<String, Var> used = Exprs.variables(loss);
    for (int i = 0; i < leaves.size(); i++) {
      Var v = used.get(leaves.get(i).name());
      Shape shape = layout.shapes().get(i);
      if (v != null && !v.shape().equals(shape)) {
        throw new IllegalArgumentException("loss variable " + v.name() + " has shape " + v.shape()
            + " but the parameter " + layout.paths().get(i) + " has shape " + shape);
      }
    }
    Map<String, Expr> grads = AD.gradExpr(loss);
    List<Expr> outputs = new ArrayList<>(leaves.size() + 1);
    outputs.add(loss);
    for (Var v : leaves) {
      Expr g = grads.get(v.name());
      outputs.add(g == null ? Fx.zeros(v.shape()) : g);
    }
    this.plan = Plan.of(outputs, leaves);
  }

  /**
   * {@return the compiled objective {@code loss(params)}: {@code loss} is called once, on the traced
   * tree, and must return a rank-0 expression of its leaves}
   *
   * @param <P> the parameter tree type
   * @param loss builds the rank-0 loss from a traced tree (variables as leaves)
   * @param params a parameter tree with constant leaves; its structure is the layout
   * @throws IllegalArgumentException if {@code params} has no leaves, or the loss is not rank 0 or
   *     uses a variable that is not a leaf of {@code params}
   */
  public static <P> Objective<P> of(Function<P, Expr> loss, P params) {
    Checks.notNull(loss, "loss");
    FlatParams<P> layout = FlatParams.of(params);
    List<Var> leaves = layout.variables("params");
    Expr l = Checks.notNull(loss.apply(layout.def().unflatten(leaves)), "loss result");
    return new Objective<>(layout, leaves, checked(l, leaves));
  }

  /**
   * {@return the compiled objective of an expression over named variables; the tree is a map from
   * name to constant leaf, in {@code start}'s order}
   *
   * @param loss a rank-0 expression
   * @param start a value for every variable of {@code loss} that is to be optimized (at least one)
   * @throws IllegalArgumentException if {@code loss} is not rank 0, has a variable missing from
   *     {@code start}, or a shape differs
   */
  public static Objective<Map<String, Expr>> of(Expr loss, Map<String, Tensor> start) {
    Checks.notNull(loss, "loss");
    Map<String, Expr> tree = tree(start);
    FlatParams<Map<String, Expr>> layout = FlatParams.of(tree);
    List<Var> leaves = layout.variables("");
    return new Objective<>(layout, leaves, checked(loss, leaves));
  }

  /**
   * {@return {@code start} as a parameter tree: an unmodifiable map from name to constant leaf, in
   * {@code start}'s order if it has one (a {@link SequencedMap} such as {@code LinkedHashMap} or
   * {@code TreeMap}), else sorted by name, so that {@code Map.of} gives the same layout in every run}
   *
   * @param start the tensors by name
   * @throws IllegalArgumentException if {@code start} is null or holds a null
   */
  public static Map<String, Expr> tree(Map<String, Tensor> start) {
    Checks.notNull(start, "start");
    List<String> names = new ArrayList<>();
    start.keySet().forEach(k -> names.add(Checks.notNull(k, "name")));
    if (!(start instanceof SequencedMap<String, Tensor>)) {
      names.sort(null);
    }
    LinkedHashMap<String, Expr> tree = new LinkedHashMap<>();
    names.forEach(k -> tree.put(k, Fx.constant(Checks.notNull(start.get(k), "start." + k))));
    return java.util.Collections.unmodifiableSequencedMap(tree);
  }

  private static Expr checked(Expr loss, List<Var> leaves) {
    List<String> names = leaves.stream().map(Var::name).toList();
    if (!loss.shape().equals(Shape.scalar())) {
      throw new IllegalArgumentException("the loss must be a scalar (rank 0), got shape " + loss.shape()
          + "; reduce it, e.g. with Fx.sum or Fx.mean");
    }
    for (String v : Exprs.variables(loss).keySet()) {
      if (!names.contains(v)) {
        throw new IllegalArgumentException("the loss uses variable " + v + ", which is not a parameter ("
            + String.join(", ", names) + ")");
      }
    }
    return loss;
  }

  /** {@return the layout of the parameters as a flat array} */
  public FlatParams<P> layout() {
    return layout;
  }

  /**
   * {@return the loss and its gradient at the flat point {@code x}; the gradient is a fresh rank-1 tensor
   * laid out like {@code x}}
   *
   * @param x the parameters as a flat array of length {@code layout().size()} (not retained)
   * @throws IllegalArgumentException if the length differs
   */
  public FlatValue evaluate(double[] x) {
    List<Tensor> out = plan.run(layout.values(x));
    double[] g = new double[layout.size()];
    int offset = 0;
    for (int i = 1; i < out.size(); i++) {
      double[] gi = out.get(i).toArray();
      System.arraycopy(gi, 0, g, offset, gi.length);
      offset += gi.length;
    }
    return new FlatValue(out.get(0).item(), Tensor.of(g, layout.size()));
  }

  /**
   * {@return the loss and its gradient tree at {@code params} (unused leaves get zeros)}
   *
   * @param params a tree of the layout's structure, constant leaves
   * @throws IllegalArgumentException naming the path where {@code params} differs from the layout
   */
  public TreeGrad.Result<P> valueAndGrad(P params) {
    FlatValue v = evaluate(layout.toArray(params));
    return new TreeGrad.Result<>(Tensor.scalar(v.value()), layout.fromArray(v.gradient().toArray()));
  }

  /**
   * The loss and gradient at one flat point.
   *
   * @param value the loss (may be non-finite: callers decide)
   * @param gradient the gradient, rank 1, laid out like the point
   */
  public record FlatValue(double value, Tensor gradient) {
    /** Validates the gradient. */
    public FlatValue {
      Checks.notNull(gradient, "gradient");
    }
  }
}
