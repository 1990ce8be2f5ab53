package dev.fluxion.playground.formula;

import dev.fluxion.playground.formula.ExprGraph.Edge;
import dev.fluxion.playground.formula.ExprGraph.Kind;
import dev.fluxion.playground.formula.ExprGraph.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The graph drawn without Graphviz: a layered layout computed here. A node's layer is its level
 * (the longest path from a leaf), so leaves sit at the bottom and the output at the top, as
 * Graphviz draws with {@code rankdir=BT}; a constant sits one layer below its lowest use. Within a
 * layer, nodes are ordered to reduce crossings by the barycenter heuristic: by the mean position of
 * their arguments (bottom up), of their uses (top down), and of their arguments again. Edges are
 * straight lines with an arrowhead.
 *
 * <p>Every node is a {@code <g class="node …" id="node-ID">} and every edge a
 * {@code <g class="edge edge-FROM-TO">}, as in the Graphviz drawing, so the page highlights both alike.
 */
final class LayeredSvg {
  private static final double GAP_X = 96;
  private static final double GAP_Y = 80;
  private static final double MARGIN = 36;

  private LayeredSvg() {}

  /** {@return the SVG document of {@code g}} */
  static String of(ExprGraph g) {
    Map<String, Integer> layer = layers(g);
    int top = layer.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<List<Node>> rows = new ArrayList<>();
    for (int r = 0; r <= top; r++) {
      int rank = r;
      rows.add(new ArrayList<>(g.nodes().stream().filter(n -> layer.get(n.id()) == rank).toList()));
    }
    Map<String, Double> x = new HashMap<>();
    rows.forEach(row -> place(row, x));
    Map<String, List<String>> args = new HashMap<>();
    Map<String, List<String>> uses = new HashMap<>();
    for (Edge e : g.edges()) {
      args.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
      uses.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
    }
    for (int r = 1; r <= top; r++) {
      order(rows.get(r), args, x);
    }
    for (int r = top - 1; r >= 0; r--) {
      order(rows.get(r), uses, x);
    }
    for (int r = 1; r <= top; r++) {
      order(rows.get(r), args, x);
    }
    double width = rows.stream().mapToInt(List::size).max().orElse(1) * GAP_X;
    Map<String, double[]> at = new HashMap<>();
    for (int r = 0; r <= top; r++) {
      for (Node n : rows.get(r)) {
        at.put(n.id(), new double[] {MARGIN + width / 2 + x.get(n.id()), MARGIN + (top - r) * GAP_Y});
      }
    }
    return draw(g, at, width + 2 * MARGIN, top * GAP_Y + 2 * MARGIN);
  }

  /** Sorts a layer by the mean position of each node's neighbors (its own position if it has none), then places it. */
  private static void order(List<Node> row, Map<String, List<String>> neighbors, Map<String, Double> x) {
    Map<String, Double> key = new HashMap<>();
    for (Node n : row) {
      List<String> near = neighbors.getOrDefault(n.id(), List.of());
      key.put(n.id(), near.isEmpty() ? x.get(n.id()) : near.stream().mapToDouble(x::get).average().orElseThrow());
    }
    row.sort(Comparator.comparingDouble(n -> key.get(n.id())));
    place(row, x);
  }

  /** Positions a layer's nodes {@link #GAP_X} apart, centered on 0. */
  private static void place(List<Node> row, Map<String, Double> x) {
    for (int i = 0; i < row.size(); i++) {
      x.put(row.get(i).id(), (i - (row.size() - 1) / 2.0) * GAP_X);
    }
  }

  /** Layers: an op's level; a variable 0; a constant one below its lowest use. */
  private static Map<String, Integer> layers(ExprGraph g) {
    Map<String, Node> byId = new HashMap<>();
    g.nodes().forEach(n -> byId.put(n.id(), n));
    Map<String, Integer> constants = new HashMap<>();
    for (Edge e : g.edges()) {
      if (byId.get(e.from()).kind() == Kind.CONSTANT) {
        constants.merge(e.from(), byId.get(e.to()).level() - 1, Math::min);
      }
    }
    Map<String, Integer> layer = new HashMap<>();
    g.nodes().forEach(n -> layer.put(n.id(), constants.getOrDefault(n.id(), n.level())));
    return layer;
  }

  private static String draw(ExprGraph g, Map<String, double[]> at, double width, double height) {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"layered\" "
        + "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">%n", width, height, width, height));
    svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
        + "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
    Map<String, Node> byId = new HashMap<>();
    g.nodes().forEach(n -> byId.put(n.id(), n));
    for (Edge e : g.edges()) {
      edge(svg, e, at.get(e.from()), at.get(e.to()), byId.get(e.from()), byId.get(e.to()));
    }
    for (Node n : g.nodes()) {
      node(svg, n, at.get(n.id()));
    }
    return svg.append("</svg>\n").toString();
  }

  private static void edge(StringBuilder svg, Edge e, double[] a, double[] b, Node from, Node to) {
    double dx = b[0] - a[0];
    double dy = b[1] - a[1];
    double length = Math.max(1e-9, Math.hypot(dx, dy));
    double ux = dx / length;
    double uy = dy / length;
    double start = reach(from, ux, uy);
    double end = reach(to, ux, uy);
    svg.append(String.format(Locale.ROOT, "<g class=\"edge edge-%s-%s\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
        + "y2=\"%.1f\" marker-end=\"url(#arrow)\"/>", e.from(), e.to(), a[0] + ux * start, a[1] + uy * start,
        b[0] - ux * end, b[1] - uy * end));
    if (e.argument() >= 0) {
      svg.append(String.format(Locale.ROOT, "<text class=\"arg\" x=\"%.1f\" y=\"%.1f\">%d</text>",
          b[0] - ux * (end + 14) + 5, b[1] - uy * (end + 14), e.argument()));
    }
    svg.append("</g>\n");
  }

  private static void node(StringBuilder svg, Node n, double[] p) {
    String kind = n.kind().name().toLowerCase(Locale.ROOT);
    svg.append(String.format(Locale.ROOT, "<g class=\"node %s\" id=\"node-%s\">", kind, n.id()));
    double rx = halfWidth(n);
    svg.append(switch (n.kind()) {
      case OP -> String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", p[0], p[1], rx);
      case VARIABLE -> String.format(Locale.ROOT, "<ellipse cx=\"%.1f\" cy=\"%.1f\" rx=\"%.1f\" ry=\"16\"/>",
          p[0], p[1], rx);
      case CONSTANT -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"26\"/>",
          p[0] - rx, p[1] - 13, 2 * rx);
    });
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", p[0], p[1] + 5, escape(n.label())));
    if (n.isRow()) {
      svg.append(String.format(Locale.ROOT, "<text class=\"row\" x=\"%.1f\" y=\"%.1f\">%s</text>",
          p[0] + rx + 3, p[1] - 10, n.id()));
    }
    svg.append("</g>\n");
  }

  /** Half the node's width: wide enough for its label. */
  private static double halfWidth(Node n) {
    int chars = n.label().length();
    return switch (n.kind()) {
      case OP -> Math.max(18, 4.5 * chars + 8);
      case VARIABLE -> Math.max(24, 4.5 * chars + 12);
      case CONSTANT -> Math.max(16, 4.5 * chars + 8);
    };
  }

  /** The distance from a node's center to its outline in direction {@code (ux, uy)}. */
  private static double reach(Node n, double ux, double uy) {
    double rx = halfWidth(n);
    return switch (n.kind()) {
      case OP -> rx;
      case VARIABLE -> 1 / Math.sqrt(ux * ux / (rx * rx) + uy * uy / (16.0 * 16.0));
      case CONSTANT -> Math.min(Math.abs(ux) < 1e-9 ? Double.MAX_VALUE : rx / Math.abs(ux),
          Math.abs(uy) < 1e-9 ? Double.MAX_VALUE : 13 / Math.abs(uy));
    };
  }

  /** XML text: {@code & < > "} escaped. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
