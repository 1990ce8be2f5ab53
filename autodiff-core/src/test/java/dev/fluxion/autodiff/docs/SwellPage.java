package dev.fluxion.autodiff.docs;

import static dev.fluxion.autodiff.expr.Fx.*;
import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.Dual;
import dev.fluxion.autodiff.ad.Jvp;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The tour's expression-swell blocks: sizes of derivatives of {@code sin·exp}, {@code x^x}, {@code tanh}
 * and the survey function, and of symbolic Hessians, with and without shared subexpressions, each checked
 * against a closed form.
 */
final class SwellPage {
  private SwellPage() {}

  /** The node count of {@code e} written out as a tree (every shared node copied at each use). */
  static long treeSize(Expr e) {
    Map<Expr, Long> size = new IdentityHashMap<>();
    for (Expr node : Exprs.topologicalOrder(e)) {
      long s = 1;
      if (node instanceof dev.fluxion.autodiff.expr.Apply a) {
        for (Expr arg : a.args()) {
          s += size.get(arg);
        }
      }
      size.put(node, s);
    }
    return size.get(e);
  }

  static String swell() {
    StringBuilder sb = new StringBuilder("| k | dᵏ/dxᵏ sin(x)·exp(x): DAG nodes | without sharing | as a tree | value at 0.5 | "
        + "2^(k/2) e^0.5 sin(0.5 + kπ/4) | dᵏ/dxᵏ x^x: DAG nodes | without sharing | as a tree |\n"
        + "|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    List<Expr> f = derivatives(x -> sin(x).times(exp(x)));
    List<Expr> g = derivatives(x -> pow(x, x));
    List<Expr> fUnshared = Apply.unshared(() -> derivatives(x -> sin(x).times(exp(x))));
    List<Expr> gUnshared = Apply.unshared(() -> derivatives(x -> pow(x, x)));
    for (int k = 0; k <= 6; k++) {
      double exact = Math.pow(2, k / 2.0) * Math.exp(0.5) * Math.sin(0.5 + k * Math.PI / 4);
      Expr fk = f.get(k);
      sb.append("| ").append(k).append(" | ").append(Exprs.nodeCount(fk)).append(" | ")
          .append(Exprs.nodeCount(fUnshared.get(k))).append(" | ").append(treeSize(fk)).append(" | ")
          .append(DocsPages.number(AD.eval(fk, Bindings.of("x", 0.5)))).append(" | ").append(DocsPages.number(exact))
          .append(" | ").append(Exprs.nodeCount(g.get(k))).append(" | ").append(Exprs.nodeCount(gUnshared.get(k)))
          .append(" | ").append(treeSize(g.get(k))).append(" |\n");
    }
    return sb.toString();
  }

  /** {@return f(x) and its first six derivatives by x, each {@code AD.gradExpr} of the one before} */
  private static List<Expr> derivatives(UnaryOperator<Expr> f) {
    List<Expr> out = new ArrayList<>(List.of(f.apply(variable("x"))));
    for (int k = 1; k <= 6; k++) {
      out.add(AD.gradExpr(out.get(k - 1), "x"));
    }
    return out;
  }

  /**
   * {@return for k = 0 … 6, the k-th order partial derivatives of the survey function
   * ln(x1) + x1·x2 − sin(x2), ∂ᵏf / ∂x1^(k−j) ∂x2^j for j = 0 … k (the derivative tensor's distinct entries)}
   */
  private static List<List<Expr>> surveyDerivatives() {
    Expr x1 = variable("x1");
    Expr x2 = variable("x2");
    List<List<Expr>> out = new ArrayList<>(List.of(List.of(log(x1).plus(x1.times(x2)).minus(sin(x2)))));
    for (int k = 1; k <= 6; k++) {
      List<Expr> before = out.get(k - 1);
      List<Expr> next = new ArrayList<>();
      for (Expr e : before) {
        next.add(partial(e, "x1"));
      }
      next.add(partial(before.get(before.size() - 1), "x2"));
      out.add(next);
    }
    return out;
  }

  /** {@return ∂e/∂{@code name}; zero when {@code e} no longer reads the variable} */
  private static Expr partial(Expr e, String name) {
    return Exprs.variables(e).containsKey(name) ? AD.gradExpr(e, name) : zerosLike(e);
  }

  /** The k-th derivatives of tanh at 0.5 by the recurrence P₀(t) = t, Pₖ₊₁(t) = Pₖ′(t)(1 − t²), t = tanh 0.5. */
  private static double[] tanhDerivatives() {
    double t = Math.tanh(0.5);
    double[] p = {0, 1}; // coefficients of P₀(t) = t
    double[] values = new double[7];
    for (int k = 0; k <= 6; k++) {
      double v = 0;
      for (int i = p.length - 1; i >= 0; i--) {
        v = v * t + p[i];
      }
      values[k] = v;
      double[] next = new double[p.length + 1]; // P′(t)(1 − t²)
      for (int i = 1; i < p.length; i++) {
        next[i - 1] += i * p[i];
        next[i + 1] -= i * p[i];
      }
      p = next;
    }
    return values;
  }

  static String swellTanh() {
    List<Expr> t = derivatives(Fx::tanh);
    List<Expr> u = Apply.unshared(() -> derivatives(Fx::tanh));
    double[] exact = tanhDerivatives();
    StringBuilder sb = new StringBuilder("| k | dᵏ/dxᵏ tanh(x): DAG nodes | without sharing | as a tree | "
        + "without sharing, as a tree | value at 0.5 | Pₖ(tanh 0.5) |\n|--:|--:|--:|--:|--:|--:|--:|\n");
    for (int k = 0; k <= 6; k++) {
      sb.append("| ").append(k).append(" | ").append(Exprs.nodeCount(t.get(k))).append(" | ")
          .append(Exprs.nodeCount(u.get(k))).append(" | ").append(treeSize(t.get(k))).append(" | ")
          .append(treeSize(u.get(k))).append(" | ").append(DocsPages.number(AD.eval(t.get(k), Bindings.of("x", 0.5))))
          .append(" | ").append(DocsPages.number(exact[k])).append(" |\n");
    }
    return sb.toString();
  }

  static String swellSurvey() {
    List<List<Expr>> s = surveyDerivatives();
    List<List<Expr>> u = Apply.unshared(SwellPage::surveyDerivatives);
    Bindings at = Bindings.of("x1", 2.0).with("x2", 5.0);
    StringBuilder sb = new StringBuilder("| k | k-th partials of f: DAG nodes | without sharing | as trees | "
        + "without sharing, as trees | ∂ᵏf/∂x1ᵏ at (2, 5) | ∂ᵏf/∂x2ᵏ at (2, 5) |\n|--:|--:|--:|--:|--:|--:|--:|\n");
    for (int k = 0; k <= 6; k++) {
      List<Expr> partials = s.get(k);
      sb.append("| ").append(k).append(" | ").append(nodes(partials)).append(" | ").append(nodes(u.get(k)))
          .append(" | ").append(trees(partials)).append(" | ").append(trees(u.get(k))).append(" | ")
          .append(DocsPages.number(AD.eval(partials.get(0), at))).append(" | ")
          .append(DocsPages.number(AD.eval(partials.get(k), at))).append(" |\n");
    }
    return sb.toString();
  }

  /** {@return the tree sizes of {@code roots}, added} */
  private static long trees(List<Expr> roots) {
    long n = 0;
    for (Expr e : roots) {
      n += treeSize(e);
    }
    return n;
  }

  /** The examples whose symbolic Hessians the tour sizes: name, then the Hessian's entries or columns. */
  private static List<Map.Entry<String, List<Expr>>> hessians() {
    Expr x1 = variable("x1");
    Expr x2 = variable("x2");
    Expr survey = log(x1).plus(x1.times(x2)).minus(sin(x2));
    List<Expr> surveyH = new ArrayList<>();
    for (String a : List.of("x1", "x2")) {
      for (String b : List.of("x1", "x2")) {
        surveyH.add(partial(partial(survey, a), b));
      }
    }
    Expr x = variable("x", 3);
    Tensor w1 = Tensor.normal(Key.of(13), Shape.of(4, 3), 0, 1);
    Tensor w2 = Tensor.normal(Key.of(14), Shape.of(2, 4), 0, 1);
    return List.of(
        Map.entry("survey f = ln(x1) + x1·x2 − sin(x2), entries ∂²f/∂xi∂xj", surveyH),
        Map.entry("logSumExp(x), x ∈ ℝ³, columns H eᵢ", hessianColumns(logSumExp(x, 0, false), x)),
        Map.entry("logSumExp(W2 tanh(W1 x)), W1 4×3, W2 2×4, columns H eᵢ",
            hessianColumns(logSumExp(matmul(constant(w2), tanh(matmul(constant(w1), x))), 0, false), x)));
  }

  /** {@return the columns H eᵢ of the Hessian of {@code f} by vector {@code x}: forward over the symbolic gradient} */
  private static List<Expr> hessianColumns(Expr f, Expr x) {
    Expr g = AD.gradExpr(f, "x");
    List<Expr> columns = new ArrayList<>();
    for (int i = 0; i < x.shape().dim(0); i++) {
      double[] e = new double[x.shape().dim(0)];
      e[i] = 1;
      columns.add(AD.jvpExpr(g, Map.of("x", constant(Tensor.vector(e)))));
    }
    return columns;
  }

  static String hessianSize() {
    List<Map.Entry<String, List<Expr>>> shared = hessians();
    List<Map.Entry<String, List<Expr>>> unshared = Apply.unshared(SwellPage::hessians);
    StringBuilder sb = new StringBuilder("| symbolic Hessian of | DAG nodes | without sharing | as trees | "
        + "without sharing, as trees |\n|:--|--:|--:|--:|--:|\n");
    for (int i = 0; i < shared.size(); i++) {
      List<Expr> h = shared.get(i).getValue();
      List<Expr> u = unshared.get(i).getValue();
      sb.append("| ").append(shared.get(i).getKey()).append(" | ").append(nodes(h)).append(" | ").append(nodes(u))
          .append(" | ").append(trees(h)).append(" | ").append(trees(u)).append(" |\n");
    }
    return sb.toString();
  }

  /** {@return the distinct nodes of the DAG holding all of {@code roots}} */
  private static int nodes(List<Expr> roots) {
    return Exprs.topologicalOrder(roots.toArray(new Expr[0])).size();
  }

  static String swellExample() {
    Expr x = variable("x");
    Expr f = sin(x).times(exp(x));
    Expr d1 = AD.gradExpr(f, "x");
    Expr d2 = AD.gradExpr(d1, "x");
    return DocsPages.code("d/dx   sin(x)·exp(x) = " + Exprs.print(d1), "d²/dx² sin(x)·exp(x) = " + Exprs.print(d2));
  }

  // ------------------------------------------------------------------ Hessians
}
