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
  private final Var[] inputs;
  private final int[] inputSlots;
  private final int[][] releaseAfter;
  private final byte[] kinds;
  private final int size;

  private Plan(Map<String, Expr> outputs) {
    Expr[] roots = outputs.values().toArray(new Expr[0]);
    List<Expr> order = Exprs.topologicalOrder(roots);
    Exprs.variables(roots);
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
    List<Var> vars = new ArrayList<>();
    List<Integer> varSlots = new ArrayList<>();
    kinds = new byte[size];
    for (int i = 0; i < size; i++) {
      Expr n = order.get(i);
      switch (n) {
        case Const c -> constants[i] = c.value();
        case Var v -> {
          vars.add(v);
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
    outputNames = List.copyOf(outputs.keySet());
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
    inputs = vars.toArray(new Var[0]);
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
    return new Plan(copy);
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

  /** {@return the variables a run must bind, by name} */
  public Map<String, Var> inputs() {
    Map<String, Var> m = new LinkedHashMap<>();
    for (Var v : inputs) {
      m.putIfAbsent(v.name(), v);
    }
    return Collections.unmodifiableMap(m);
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
    Tensor[] values = constants.clone();
    for (int k = 0; k < inputs.length; k++) {
      Var v = inputs[k];
      if (!at.contains(v.name())) {
        throw new IllegalArgumentException("Plan.run: no binding for variable " + v.name() + " (shape " + v.shape() + ")");
      }
      Tensor t = at.get(v.name());
      if (!t.shape().equals(v.shape())) {
        throw new IllegalArgumentException("Plan.run: variable " + v.name() + " has shape " + v.shape()
            + " but is bound to a tensor of shape " + t.shape());
      }
      values[inputSlots[k]] = t;
    }
    List<Tensor> args = new ArrayList<>(4);
    for (int i = 0; i < size; i++) {
      if (ops[i] == null) {
        continue;
      }
      args.clear();
      for (int s : argSlots[i]) {
        args.add(values[s]);
      }
      values[i] = MatmulFolding.apply(kinds[i], ops[i], args);
      for (int s : releaseAfter[i]) {
        values[s] = null;
      }
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int k = 0; k < outputSlots.length; k++) {
      out.put(outputNames.get(k), values[outputSlots[k]]);
    }
    return Collections.unmodifiableMap(out);
  }
}
