package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Several expressions compiled once into a flat evaluation plan and run many times with new
 * bindings: the topological order, argument slots and each value's last use are fixed at
 * compile time, so a run walks arrays and releases every intermediate as soon as it is dead.
 *
 * <p>Typical use: a loss and its symbolic gradient, compiled once, run per mini-batch
 * ({@link #valueAndGrad}). Immutable and thread-safe; each run has its own slots.
 */
public final class Plan {
  private final List<String> outputNames;
  private final int[] outputSlots;
  private final Op[] ops;
  private final int[][] argSlots;
  private final Tensor[] constants;
  private final List<Var> parameters;
  private final int[] inputSlots;
  private final int[] inputParameter;
  private final int[][] releaseAfter;
  private final byte[] kinds;
  private final int size;

  private Plan(List<String> names, List<Expr> outputs, @Nullable List<Var> declared) {
    Expr[] roots = outputs.toArray(new Expr[0]);
    List<Expr> order = Exprs.topologicalOrder(roots);
    Map<String, Var> used = Exprs.variables(roots);
    parameters = declared == null ? List.copyOf(used.values()) : declared;
    Map<String, Integer> position = new LinkedHashMap<>();
    for (int k = 0; k < parameters.size(); k++) {
      position.put(parameters.get(k).name(), k);
    }
    for (Var v : used.values()) {
      Integer k = position.get(v.name());
      if (k == null) {
        throw new IllegalArgumentException("Plan.of: variable " + v.name() + " (shape " + v.shape()
            + ") is not among the parameters " + position.keySet());
      }
      if (!parameters.get(k).shape().equals(v.shape())) {
        throw new IllegalArgumentException("Plan.of: variable " + v.name() + " has shape " + v.shape()
            + " but parameter " + k + " declares " + parameters.get(k).shape());
      }
    }
    size = order.size();
    Map<Expr, Integer> slot = new IdentityHashMap<>();
    for (int i = 0; i < size; i++) {
      slot.put(order.get(i), i);
    }
    int[] readers = new int[size];
    for (Expr n : order) {
      if (n instanceof Apply a) {
        for (Expr arg : a.args()) {
          readers[slot.get(arg)]++;
        }
      }
    }
    for (Expr root : roots) {
      readers[slot.get(root)]++;
    }
    ops = new Op[size];
    argSlots = new int[size][];
    constants = new Tensor[size];
    List<Integer> varParameter = new ArrayList<>();
    List<Integer> varSlots = new ArrayList<>();
    kinds = new byte[size];
    for (int i = 0; i < size; i++) {
      Expr n = order.get(i);
      switch (n) {
        case Const c -> constants[i] = c.value();
        case Var v -> {
          varParameter.add(position.get(v.name()));
          varSlots.add(i);
        }
        case Apply a -> {
          ops[i] = a.op();
          argSlots[i] = a.args().stream().mapToInt(slot::get).toArray();
          kinds[i] = MatmulFolding.fold(a, slot, argSlots[i]);
          if (kinds[i] == MatmulFolding.PLAIN) {
            kinds[i] = ElementwiseFusion.fuse(a, slot, readers, argSlots, ops, i);
          }
        }
      }
    }
    outputNames = names;
    outputSlots = Arrays.stream(roots).mapToInt(slot::get).toArray();
    MatmulFolding.dropDead(ops, argSlots, outputSlots);
    int[] lastUse = new int[size];
    Arrays.fill(lastUse, -1);
    for (int i = 0; i < size; i++) {
      if (ops[i] != null) {
        for (int s : argSlots[i]) {
          lastUse[s] = i;
        }
      }
    }
    for (int s : outputSlots) {
      lastUse[s] = Integer.MAX_VALUE;
    }
    List<List<Integer>> release = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      release.add(new ArrayList<>());
    }
    for (int s = 0; s < size; s++) {
      if (lastUse[s] >= 0 && lastUse[s] < size && constants[s] == null) {
        release.get(lastUse[s]).add(s);
      }
    }
    releaseAfter = release.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    inputParameter = varParameter.stream().mapToInt(Integer::intValue).toArray();
    inputSlots = varSlots.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Compiles named outputs (evaluated together, sharing common subexpressions).
   *
   * @param outputs the expressions to compute, by output name
   * @return the plan
   * @throws IllegalArgumentException if the map is empty or a variable name has two shapes
   */
  public static Plan of(Map<String, ? extends Expr> outputs) {
    Checks.notNull(outputs, "outputs");
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("Plan.of: no outputs");
    }
    Map<String, Expr> copy = new LinkedHashMap<>();
    outputs.forEach((k, v) -> copy.put(Checks.notNull(k, "output name"), Checks.notNull(v, "output " + k)));
    return new Plan(List.copyOf(copy.keySet()), List.copyOf(copy.values()), null);
  }

  /**
   * Compiles outputs over positional parameters, as {@code jax.jit} binds a function's flattened
   * arguments: {@link #run(List)} takes one tensor per parameter, in order, and returns the outputs in
   * order (named {@code "0"}, {@code "1"}, ... in {@link #outputs()}).
   *
   * @param outputs the expressions to compute, at least one
   * @param parameters the variables a run binds, in order: distinct names, and every variable of the
   *     outputs among them (parameters the outputs do not read are allowed and ignored)
   * @return the plan
   * @throws IllegalArgumentException if there are no outputs, two parameters share a name, or an output
   *     reads a variable that is not a parameter or has another shape
   */
  public static Plan of(List<? extends Expr> outputs, List<Var> parameters) {
    Checks.notNull(outputs, "outputs");
    Checks.notNull(parameters, "parameters");
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("Plan.of: no outputs");
    }
    List<String> names = new ArrayList<>();
    List<Expr> roots = new ArrayList<>();
    for (int k = 0; k < outputs.size(); k++) {
      roots.add(Checks.notNull(outputs.get(k), "output " + k));
      names.add(Integer.toString(k));
    }
    Map<String, Var> seen = new LinkedHashMap<>();
    for (int k = 0; k < parameters.size(); k++) {
      Var v = Checks.notNull(parameters.get(k), "parameter " + k);
      if (seen.putIfAbsent(v.name(), v) != null) {
        throw new IllegalArgumentException("Plan.of: parameter " + k + " repeats the name " + v.name());
      }
    }
    return new Plan(List.copyOf(names), List.copyOf(roots), List.copyOf(parameters));
  }

  /**
   * Compiles one output named {@code "out"}.
   *
   * @param output the expression to compute
   * @return the plan
   */
  public static Plan of(Expr output) {
    return of(Map.of("out", Checks.notNull(output, "output")));
  }

  /**
   * Compiles a scalar loss and its symbolic gradient with respect to {@code wrt}: outputs
   * {@code "loss"} and one per variable name.
   *
   * @param loss a rank-0 expression
   * @param wrt the names of the variables to differentiate by
   * @return the plan
   * @throws IllegalArgumentException if the loss is not rank 0 or a name is not one of its variables
   */
  public static Plan valueAndGrad(Expr loss, List<String> wrt) {
    Checks.notNull(wrt, "wrt");
    Map<String, Expr> outputs = new LinkedHashMap<>();
    outputs.put("loss", Checks.notNull(loss, "loss"));
    for (String name : wrt) {
      if (name.equals("loss")) {
        throw new IllegalArgumentException("Plan.valueAndGrad: a variable may not be called \"loss\"");
      }
      outputs.put(name, AD.gradExpr(loss, name));
    }
    return of(outputs);
  }

  /** {@return the output names, in order} */
  public List<String> outputs() {
    return outputNames;
  }

  /** {@return the variables a run must bind, by name, in parameter order} */
  public Map<String, Var> inputs() {
    Map<String, Var> m = new LinkedHashMap<>();
    for (Var v : parameters) {
      m.put(v.name(), v);
    }
    return Collections.unmodifiableMap(m);
  }

  /** {@return the positional parameters: what {@link #run(List)} binds, in order} */
  public List<Var> parameters() {
    return parameters;
  }

  /** {@return the number of nodes in the plan} */
  public int size() {
    return size;
  }

  /**
   * Evaluates every output with {@code at}; extra bindings are ignored.
   *
   * @param at a value for every variable of the expression
   * @return the outputs by name, in order
   * @throws IllegalArgumentException if a variable is unbound or bound to another shape
   */
  public Map<String, Tensor> run(Bindings at) {
    Checks.notNull(at, "at");
    Tensor[] args = new Tensor[parameters.size()];
    for (int k = 0; k < args.length; k++) {
      Var v = parameters.get(k);
      if (!at.contains(v.name())) {
        throw new IllegalArgumentException("Plan.run: no binding for variable " + v.name() + " (shape " + v.shape() + ")");
      }
      args[k] = at.get(v.name());
    }
    Tensor[] values = execute(args);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int k = 0; k < outputSlots.length; k++) {
      out.put(outputNames.get(k), values[k]);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Evaluates every output with one tensor per {@linkplain #parameters() parameter}, in order.
   *
   * @param args one tensor per parameter, of its shape
   * @return the outputs, in order
   * @throws IllegalArgumentException if the count or a shape differs from the parameters
   */
  public List<Tensor> run(List<Tensor> args) {
    Checks.notNull(args, "args");
    if (args.size() != parameters.size()) {
      throw new IllegalArgumentException("Plan.run: " + args.size() + " arguments for " + parameters.size()
          + " parameters");
    }
    Tensor[] a = new Tensor[args.size()];
    for (int k = 0; k < a.length; k++) {
      a[k] = Checks.notNull(args.get(k), "argument " + k);
    }
    return List.of(execute(a));
  }

  private Tensor[] execute(Tensor[] args) {
    for (int k = 0; k < args.length; k++) {
      Var v = parameters.get(k);
      if (!args[k].shape().equals(v.shape())) {
        throw new IllegalArgumentException("Plan.run: variable " + v.name() + " has shape " + v.shape()
            + " but is bound to a tensor of shape " + args[k].shape());
      }
    }
    Tensor[] values = constants.clone();
    for (int k = 0; k < inputSlots.length; k++) {
      values[inputSlots[k]] = args[inputParameter[k]];
    }
    List<Tensor> in = new ArrayList<>(4);
    for (int i = 0; i < size; i++) {
      if (ops[i] == null) {
        continue;
      }
      in.clear();
      for (int s : argSlots[i]) {
        in.add(values[s]);
      }
      values[i] = MatmulFolding.apply(kinds[i], ops[i], in);
      for (int s : releaseAfter[i]) {
        values[s] = null;
      }
    }
    Tensor[] out = new Tensor[outputSlots.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = values[outputSlots[k]];
    }
    return out;
  }

}
