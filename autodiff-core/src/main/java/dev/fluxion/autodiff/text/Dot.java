package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.internal.Evaluator;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Graphviz DOT drawings of expression DAGs ({@code dot -Tsvg}).
 *
 * <p>One node per distinct DAG node (variables, being identified by name, once per name), ids
 * {@code n0, n1, ...} in topological order, so equal inputs give equal text. Variables are
 * ellipses, constants boxes, ops circles labelled with a symbol ({@code +}, {@code ×},
 * {@code ln}, {@code matmul}, ...), their attributes and, when not scalar, their shape. Edges
 * run from argument to use, labelled with the argument index when the op has several arguments
 * and is not commutative. The walk is iterative, so deep chains draw without recursion.
 */
public final class Dot {
  private Dot() {}

  /**
   * {@return the DAG of {@code e} in DOT}
   *
   * @param e the expression, of any shape
   * @throws IllegalArgumentException if {@code e} is null
   */
  public static String of(Expr e) {
    return draw(single(e), null, false);
  }

  /**
   * {@return the DAG of {@code e} in DOT, each node annotated with its value at {@code values} if scalar}
   *
   * @param e the expression, of any shape
   * @param values a binding for every variable of {@code e}, of the variable's shape
   * @throws IllegalArgumentException if an argument is null, or a variable is unbound or
   *     bound to a tensor of another shape
   */
  public static String of(Expr e, Bindings values) {
    return draw(single(e), Checks.notNull(values, "values"), false);
  }

  /**
   * {@return several named outputs in one DAG, sharing common nodes; each output is marked with its name}
   *
   * @param roots the outputs by name, e.g. a function and its gradient expressions; drawn in
   *     the map's order if it is a {@link SequencedMap}, else in name order
   * @throws IllegalArgumentException if the map, a name or an expression is null
   */
  public static String of(Map<String, Expr> roots) {
    return draw(roots, null, true);
  }

  /**
   * {@return several named outputs in one DAG, each scalar node annotated with its value at {@code values}}
   *
   * @param roots the outputs by name, ordered as in {@link #of(Map)}
   * @param values a binding for every variable of the outputs, of the variable's shape
   * @throws IllegalArgumentException if an argument is null, or a variable is unbound or
   *     bound to a tensor of another shape
   */
  public static String of(Map<String, Expr> roots, Bindings values) {
    return draw(roots, Checks.notNull(values, "values"), true);
  }

  private static Map<String, Expr> single(Expr e) {
    return Map.of("", Checks.notNull(e, "e"));
  }

  private static String draw(Map<String, Expr> roots, @Nullable Bindings values, boolean markRoots) {
    Checks.notNull(roots, "roots");
    Map<String, Expr> ordered = roots instanceof SequencedMap<String, Expr> ? roots : new TreeMap<>(roots);
    List<Expr> rootList = new ArrayList<>();
    ordered.forEach((name, e) -> {
      Checks.notNull(name, "root name");
      rootList.add(Checks.notNull(e, "root " + name));
    });
    List<Expr> order = Exprs.topologicalOrder(rootList.toArray(Expr[]::new));
    Map<Expr, Tensor> vals = values == null ? Map.of() : Evaluator.values(order, values);
    StringBuilder out = new StringBuilder("digraph expr {\n  rankdir=BT;\n")
        .append("  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
    Map<Expr, String> ids = new IdentityHashMap<>();
    Map<Var, String> varIds = new HashMap<>();
    for (Expr n : order) {
      if (n instanceof Var v && varIds.containsKey(v)) {
        ids.put(n, varIds.get(v));
        continue;
      }
      String id = "n" + ids.size();
      ids.put(n, id);
      if (n instanceof Var v) {
        varIds.put(v, id);
      }
      out.append("  ").append(id).append(" [label=").append(quote(label(n, vals.get(n))))
          .append(", shape=").append(n instanceof Var ? "ellipse" : n instanceof Const ? "box" : "circle")
          .append("];\n");
      if (n instanceof Apply a) {
        boolean numbered = a.args().size() > 1 && !a.op().commutative();
        for (int i = 0; i < a.args().size(); i++) {
          out.append("  ").append(ids.get(a.arg(i))).append(" -> ").append(id)
              .append(numbered ? " [label=\"" + i + "\"]" : "").append(";\n");
        }
      }
    }
    if (markRoots) {
      int r = 0;
      for (Map.Entry<String, Expr> root : ordered.entrySet()) {
        String id = "r" + r++;
        out.append("  ").append(id).append(" [label=").append(quote(root.getKey())).append(", shape=plaintext];\n")
            .append("  ").append(ids.get(root.getValue())).append(" -> ").append(id).append(" [style=dashed];\n");
      }
    }
    return out.append("}\n").toString();
  }

  private static String label(Expr n, @Nullable Tensor value) {
    String text = switch (n) {
      case Var v -> v.name();
      case Const c -> c.shape().rank() == 0 ? number(c.value().item()) : "const";
      case Apply a -> symbol(a.op());
    };
    if (n.shape().rank() > 0) {
      return text + "\n" + n.shape();
    }
    return value == null || n instanceof Const ? text : text + "\n= " + number(value.item());
  }

  private static String symbol(Op op) {
    String attrs = op.attributes();
    String s = op.syntax().graphLabel(op);
    return attrs.isEmpty() ? s : s + "\n" + attrs;
  }

  /** Integers exactly, other numbers to 6 significant digits. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "−∞";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString();
  }

  /** A DOT string literal: quotes and backslashes escaped, line breaks as {@code \n}. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> { }
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
