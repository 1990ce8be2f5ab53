package dev.fluxion.playground.formula;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.NonFinite;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Formula;
import dev.fluxion.autodiff.text.FormulaException;
import dev.fluxion.autodiff.text.Trace;
import dev.fluxion.playground.formula.LabException.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the Formula lab shows for one formula at one point. Variables are scalars, so every
 * value is a scalar.
 *
 * @param formula the text as typed
 * @param variables every variable written in the formula, in order of appearance
 * @param point the value of each variable
 * @param value f at the point
 * @param gradient ∂f/∂x for each variable (reverse mode), 0 for one f does not depend on
 * @param hessian ∂²f/∂x∂y for each pair of variables (forward over reverse)
 * @param symbolic each partial derivative as an expression, printed
 * @param graph the expression DAG, nodes named like the trace rows
 * @param forward one forward trace per input of f, seeded with that input's tangent 1, by input name
 * @param reverse the reverse trace: primal rows with adjoints, and the steps of the sweep
 */
record Analysis(String formula, List<String> variables, Bindings point, double value, Map<String, Double> gradient,
    Map<String, Map<String, Double>> hessian, Map<String, String> symbolic, ExprGraph graph,
    Map<String, Trace> forward, Trace reverse) {

  /** Copies the lists and maps, keeping their order. */
  Analysis {
    variables = List.copyOf(variables);
    gradient = ordered(gradient);
    Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
    hessian.forEach((k, row) -> rows.put(k, ordered(row)));
    hessian = Collections.unmodifiableMap(rows);
    symbolic = ordered(symbolic);
    forward = ordered(forward);
  }

  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /**
   * {@return the analysis of {@code formula} at {@code pointText}}
   *
   * @param pointText {@code NAME=VALUE} pairs, one for every variable of the formula
   * @throws LabException for input over {@code limits}, a formula that does not parse, a bad point,
   *     or a point where a value or derivative is not finite
   */
  static Analysis of(String formula, String pointText, LabLimits limits) {
    if (formula.length() > limits.formulaChars()) {
      throw new LabException("the formula has " + formula.length() + " characters; the playground takes at most "
          + limits.formulaChars(), Field.FORMULA, limits.formulaChars());
    }
    if (pointText.length() > limits.pointChars()) {
      throw new LabException("the point has " + pointText.length() + " characters; the playground takes at most "
          + limits.pointChars(), Field.POINT, limits.pointChars());
    }
    Formula.Parsed parsed;
    try {
      parsed = Formula.read(formula);
    } catch (FormulaException e) {
      throw new LabException(e.reason(), Field.FORMULA, e.position());
    }
    Expr f = parsed.expr();
    int nodes = Exprs.topologicalOrder(f).size();
    if (nodes > limits.nodes()) {
      throw new LabException("the formula has " + nodes + " nodes; the playground takes at most " + limits.nodes(),
          Field.FORMULA, -1);
    }
    List<String> names = parsed.names();
    if (names.size() > limits.variables()) {
      throw new LabException("the formula has " + names.size() + " variables; the playground takes at most "
          + limits.variables(), Field.FORMULA, -1);
    }
    if (f instanceof Const c) {
      throw new LabException("the formula is the constant " + ExprGraph.number(c.value().item())
          + ": there is nothing to differentiate; use a variable, e.g. x^2", Field.FORMULA, -1);
    }
    Bindings at = Point.parse(pointText, names);
    return compute(formula, names, f, at);
  }

  private static Analysis compute(String formula, List<String> names, Expr f, Bindings at) {
    ValueAndGrad vg = AD.valueAndGrad(f, at);
    Map<String, Map<String, Tensor>> h = AD.hessian(f, at);
    Map<String, Double> gradient = new LinkedHashMap<>();
    Map<String, Map<String, Double>> hessian = new LinkedHashMap<>();
    List<Tensor> results = new ArrayList<>(List.of(vg.value()));
    for (String a : names) {
      Tensor g = vg.gradient().getOrDefault(a, Tensor.scalar(0));
      gradient.put(a, g.item());
      results.add(g);
      Map<String, Double> row = new LinkedHashMap<>();
      for (String b : names) {
        Tensor hab = h.getOrDefault(a, Map.of()).getOrDefault(b, Tensor.scalar(0));
        row.put(b, hab.item());
        results.add(hab);
      }
      hessian.put(a, row);
    }
    if (!results.stream().allMatch(Tensor::allFinite)) {
      String where = NonFinite.find(f, at).map(NonFinite.Report::toString)
          .orElse("a second derivative (the Hessian) is not finite");
      throw new LabException("not finite at this point: " + where, Field.POINT, -1);
    }
    Map<String, String> symbolic = new LinkedHashMap<>();
    List<String> inputs = List.copyOf(Exprs.variables(f).keySet());
    Map<String, Expr> derivatives = AD.gradExpr(f, inputs);
    names.forEach(n -> symbolic.put(n, derivatives.containsKey(n) ? Exprs.print(derivatives.get(n)) : "0"));
    Map<String, Trace> forward = new LinkedHashMap<>();
    inputs.forEach(n -> forward.put(n, Trace.forward(f, at, Bindings.of(n, 1.0))));
    return new Analysis(formula, names, at, vg.value().item(), gradient, hessian, symbolic, ExprGraph.of(f), forward,
        Trace.reverse(f, at));
  }
}
