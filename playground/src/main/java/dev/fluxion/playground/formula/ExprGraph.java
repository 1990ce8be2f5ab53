package dev.fluxion.playground.formula;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An expression DAG as the page draws it, its nodes named like the rows of
 * {@link dev.fluxion.autodiff.text.Trace}: inputs {@code v(1-n) … v0} in order of first appearance,
 * then every op application {@code v1, v2, …} by level (the longest path from a leaf), ties by
 * topological order. So the node of trace row {@code v3} has id {@code v3}; constants, which have no
 * row, are {@code c0, c1, …}. Variables are one node per name.
 *
 * @param nodes leaves first, then ops in row order
 * @param edges one per argument of each op, from the argument to the op
 */
record ExprGraph(List<Node> nodes, List<Edge> edges) {
  /** What a node is; the drawing's shape. */
  enum Kind { VARIABLE, CONSTANT, OP }

  /**
   * One node.
   *
   * @param id the trace row's name ({@code v-1}, {@code v3}) or, for a constant, {@code c0, c1, …}
   * @param label the variable's name, the constant's value or the op's symbol ({@code ln}, {@code ×})
   * @param kind the shape to draw
   * @param level 0 for leaves, else 1 + the highest level among the arguments
   */
  record Node(String id, String label, Kind kind, int level) {
    /** {@return whether the node is a trace row (not a constant)} */
    boolean isRow() {
      return kind != Kind.CONSTANT;
    }
  }

  /**
   * One argument edge.
   *
   * @param from the argument's node id
   * @param to the op's node id
   * @param argument the argument index, or -1 when the order does not matter (one argument, or commutative)
   */
  record Edge(String from, String to, int argument) {}

  /** Copies the lists. */
  ExprGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** {@return the graph of {@code f}, with the trace's row names} */
  static ExprGraph of(Expr f) {
    List<Expr> order = Exprs.topologicalOrder(f);
    Map<String, Var> vars = Exprs.variables(f);
    Map<Expr, Node> nodeOf = new IdentityHashMap<>();
    List<Node> leaves = new ArrayList<>();
    Map<String, Node> varNodes = new HashMap<>();
    int index = 1 - vars.size();
    for (String name : vars.keySet()) {
      Node n = new Node("v" + index++, name, Kind.VARIABLE, 0);
      varNodes.put(name, n);
      leaves.add(n);
    }
    List<Apply> applications = new ArrayList<>();
    Map<Expr, Integer> level = new IdentityHashMap<>();
    int constants = 0;
    for (Expr e : order) {
      switch (e) {
        case Var v -> nodeOf.put(v, varNodes.get(v.name()));
        case Const c -> {
          Node n = new Node("c" + constants++, c.shape().rank() == 0 ? number(c.value().item()) : "const", Kind.CONSTANT, 0);
          nodeOf.put(c, n);
          leaves.add(n);
        }
        case Apply a -> {
          level.put(a, 1 + a.args().stream().mapToInt(arg -> level.getOrDefault(arg, 0)).max().orElse(0));
          applications.add(a);
        }
      }
    }
    applications.sort(Comparator.comparingInt(level::get));
    List<Node> nodes = new ArrayList<>(leaves);
    List<Edge> edges = new ArrayList<>();
    for (Apply a : applications) {
      Node n = new Node("v" + index++, symbol(a), Kind.OP, level.get(a));
      nodeOf.put(a, n);
      nodes.add(n);
      boolean ordered = a.args().size() > 1 && !a.op().commutative();
      for (int i = 0; i < a.args().size(); i++) {
        edges.add(new Edge(nodeOf.get(a.arg(i)).id(), n.id(), ordered ? i : -1));
      }
    }
    return new ExprGraph(nodes, edges);
  }

  /** The op's graph symbol ({@code ln}, {@code ×}), then its attributes if any. */
  private static String symbol(Apply a) {
    String attributes = a.op().attributes();
    String s = a.op().syntax().graphLabel(a.op());
    return attributes.isEmpty() ? s : s + " " + attributes;
  }

  /** Integers exactly, other numbers to 6 significant digits (as {@code text.Dot} labels them). */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString();
  }

  /** {@return the node called {@code id}, or null} */
  @Nullable Node node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
  }
}
