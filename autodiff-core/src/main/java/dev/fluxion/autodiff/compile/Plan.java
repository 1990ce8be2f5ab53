package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.internal.Sweeps;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Topology;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Several expressions compiled once into a flat list of steps and run many times with new bindings.
 * Compiling orders the nodes topologically (node {@code i} lives in slot {@code i}), lets an ordered
 * list of fusion rules pick the step that computes each node (a kernel, a matrix product with a
 * transpose folded in, an elementwise chain run as one pass, ...), drops steps no output needs, and
 * fixes each slot's last use, so a run walks the steps and releases every intermediate as soon as it
 * is dead. Fused steps compute exactly what the nodes would one by one: same bits as the interpreter.
 * An elementwise chain may write its result into the array of a dead temporary the run made itself
 * ({@link Donation}); no tensor a caller can see, input or output, ever changes.
 *
 * <p>Typical use: a loss and its symbolic gradient, compiled once, run per mini-batch
 * ({@link #valueAndGrad}). Immutable and thread-safe; each run has its own slots.
 */
public final class Plan {
  private final List<String> outputNames;
  private final int[] outputSlots;
  private final Step[] steps;
  private final int[][] releaseAfter;
  private final Recycling recycling;
  private final Tensor[] constants;
  private final List<Var> parameters;
  private final int[] inputSlots;
  private final int[] inputParameter;
  private final int size;

  private Plan(List<String> names, Graph g, @Nullable List<Var> declared) {
    size = g.size();
    constants = new Tensor[size];
    Map<String, Var> used = new LinkedHashMap<>();
    int vars = 0;
    for (int i = 0; i < size; i++) {
      switch (g.node(i)) {
        case Const c -> constants[i] = c.value();
        case Var v -> {
          vars++;
          Var prev = used.putIfAbsent(v.name(), v);
          if (prev != null && !prev.shape().equals(v.shape())) {
            throw new IllegalArgumentException("Plan.of: variable " + v.name() + " appears with shapes "
                + prev.shape() + " and " + v.shape());
          }
        }
        case Apply a -> { }
      }
    }
    parameters = declared == null ? List.copyOf(used.values()) : declared;
    Map<String, Integer> position = new HashMap<>();
    for (int k = 0; k < parameters.size(); k++) {
      position.put(parameters.get(k).name(), k);
    }
    for (Var v : used.values()) {
      Integer k = position.get(v.name());
      if (k == null) {
        throw new IllegalArgumentException("Plan.of: variable " + v.name() + " (shape " + v.shape()
            + ") is not among the parameters " + parameters.stream().map(Var::name).toList());
      }
      if (!parameters.get(k).shape().equals(v.shape())) {
        throw new IllegalArgumentException("Plan.of: variable " + v.name() + " has shape " + v.shape()
            + " but parameter " + k + " declares " + parameters.get(k).shape());
      }
    }
    inputSlots = new int[vars];
    inputParameter = new int[vars];
    Rules.Context context = new Rules.Context(g);
    List<Step> chosen = new ArrayList<>();
    for (int i = 0, k = 0; i < size; i++) {
      if (g.node(i) instanceof Var v) {
        inputSlots[k] = i;
        inputParameter[k++] = position.get(v.name());
      } else if (g.node(i) instanceof Apply) {
        Step s = Rules.first(context, i);
        if (!(s instanceof Step.Chain c) || c.root() == i) {
          chosen.add(s);
        }
      }
    }
    outputNames = names;
    outputSlots = g.outputs().clone();
    Step[] kept = live(chosen, outputSlots, size);
    releaseAfter = releases(kept, outputSlots, constants);
    steps = Donation.apply(g, kept, releaseAfter);
    recycling = Recycling.of(g, steps, releaseAfter);
  }

  /** {@return the steps some output needs, in order} */
  private static Step[] live(List<Step> chosen, int[] outputSlots, int size) {
    boolean[] needed = new boolean[size];
    for (int s : outputSlots) {
      needed[s] = true;
    }
    boolean[] keep = new boolean[chosen.size()];
    int count = 0;
    for (int k = chosen.size() - 1; k >= 0; k--) {
      Step step = chosen.get(k);
      for (int w : step.writes()) {
        keep[k] |= needed[w];
      }
      if (keep[k]) {
        count++;
        for (int r : step.reads()) {
          needed[r] = true;
        }
      }
    }
    Step[] out = new Step[count];
    for (int k = 0, j = 0; k < keep.length; k++) {
      if (keep[k]) {
        out[j++] = chosen.get(k);
      }
    }
    return out;
  }

  /** {@return per step, the slots read for the last time there (never an output's or a constant's)} */
  private static int[][] releases(Step[] steps, int[] outputSlots, Tensor[] constants) {
    int size = constants.length;
    int[] lastUse = new int[size];
    Arrays.fill(lastUse, -1);
    for (int k = 0; k < steps.length; k++) {
      for (int r : steps[k].reads()) {
        lastUse[r] = k;
      }
    }
    for (int s : outputSlots) {
      lastUse[s] = -1;
    }
    int[] count = new int[steps.length];
    for (int s = 0; s < size; s++) {
      if (lastUse[s] >= 0 && constants[s] == null) {
        count[lastUse[s]]++;
      }
    }
    int[][] release = new int[steps.length][];
    int[] none = new int[0];
    for (int k = 0; k < steps.length; k++) {
      release[k] = count[k] == 0 ? none : new int[count[k]];
      count[k] = 0;
    }
    for (int s = 0; s < size; s++) {
      if (lastUse[s] >= 0 && constants[s] == null) {
        release[lastUse[s]][count[lastUse[s]]++] = s;
      }
    }
    return release;
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
    return new Plan(List.copyOf(copy.keySet()), Graph.of(copy.values().toArray(new Expr[0])), null);
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
    return new Plan(List.copyOf(names), Graph.of(roots.toArray(new Expr[0])), List.copyOf(parameters));
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
   * Compiles a scalar loss and its symbolic gradient with respect to {@code wrt} (one reverse sweep,
   * {@link AD#gradExpr(Expr, List)}): outputs {@code "loss"} and one per variable name. The loss is
   * numbered once: the plan's graph extends the topology the gradient was built from.
   *
   * @param loss a rank-0 expression
   * @param wrt the names of the variables to differentiate by
   * @return the plan
   * @throws IllegalArgumentException if the loss is not rank 0, a name is not one of its variables or
   *     repeats, or a variable is called {@code "loss"}
   */
  public static Plan valueAndGrad(Expr loss, List<String> wrt) {
    Checks.notNull(wrt, "wrt");
    Checks.notNull(loss, "loss");
    if (wrt.contains("loss")) {
      throw new IllegalArgumentException("Plan.valueAndGrad: a variable may not be called \"loss\"");
    }
    Topology t = Topology.of(loss);
    Map<String, Expr> gradients = Sweeps.gradients(t, wrt);
    List<String> names = new ArrayList<>();
    Expr[] roots = new Expr[gradients.size() + 1];
    names.add("loss");
    roots[0] = loss;
    for (Map.Entry<String, Expr> e : gradients.entrySet()) {
      names.add(e.getKey());
      roots[names.size() - 1] = e.getValue();
    }
    return new Plan(List.copyOf(names), Graph.of(t.extend(roots), roots), null);
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

  /** {@return the number of nodes of the compiled expressions (leaves included)} */
  public int size() {
    return size;
  }

  /**
   * {@return the number of steps a run takes: fewer than the operations when fusion folds
   * transposes and broadcasts away or runs an elementwise chain as one pass}
   */
  public int steps() {
    return steps.length;
  }

  /** {@return the recycling of the plan's dead temporaries (for tests)} */
  Recycling recycling() {
    return recycling;
  }

  /** {@return the steps a run takes, in order (for tests)} */
  List<Step> stepList() {
    return List.of(steps);
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
      args[k] = at.bound(parameters.get(k));
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

  /**
   * {@return the most bytes this plan's values hold at once during one run with {@code args}: arguments,
   * constants and every intermediate still needed, each array counted once (a reshape shares its
   * argument's); while a step runs a plan of its own (a checkpoint's body, a branch, a loop's step),
   * that plan's values count too} A deterministic measure of what rematerialization saves; the run's
   * results are discarded.
   *
   * @param args one tensor per parameter, of its shape
   * @throws IllegalArgumentException as {@link #run(List)}
   */
  public long peakLiveBytes(List<Tensor> args) {
    return LiveBytes.peak(() -> run(args));
  }

  private Tensor[] execute(Tensor[] args) {
    long[] meter = LiveBytes.meter();
    long base = meter == null ? 0 : meter[0];
    for (int k = 0; k < args.length; k++) {
      Bindings.fits(parameters.get(k), args[k]);
    }
    Tensor[] values = constants.clone();
    if (StepProfile.ON) {
      StepProfile.planRun();
    }
    for (int k = 0; k < inputSlots.length; k++) {
      values[inputSlots[k]] = args[inputParameter[k]];
    }
    Recycling.Pool pool = recycling.checkOut();
    for (int k = 0; k < steps.length; k++) {
      long start = StepProfile.ON ? System.nanoTime() : 0;
      Object[] given = recycling.given(pool, k);
      if (given != null) {
        ((Step.Chain) steps[k]).run(values, given);
      } else {
        steps[k].run(values);
      }
      if (StepProfile.ON) {
        StepProfile.record(steps[k], values, System.nanoTime() - start);
      }
      if (meter != null) {
        meter[0] = base + LiveBytes.of(values);
        meter[1] = Math.max(meter[1], meter[0]);
      }
      for (int s : releaseAfter[k]) {
        recycling.release(pool, s, values[s]);
        values[s] = null;
      }
    }
    recycling.checkIn(pool);
    if (meter != null) {
      meter[0] = base;
    }
    Tensor[] out = new Tensor[outputSlots.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = values[outputSlots[k]];
    }
    return out;
  }
}
