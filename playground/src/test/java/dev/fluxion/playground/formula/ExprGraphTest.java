package dev.fluxion.playground.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.text.Formula;
import dev.fluxion.autodiff.text.Trace;
import dev.fluxion.playground.formula.ExprGraph.Edge;
import dev.fluxion.playground.formula.ExprGraph.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The graph's node ids are the trace's row names: the page highlights a row's node by its name. */
class ExprGraphTest {
  private static final Pattern ROW = Pattern.compile("v-?\\d+");
  /** Graph symbols the trace prints otherwise. */
  private static final Map<String, String> PRINTED = Map.of("÷", "/", "√", "sqrt");

  @ParameterizedTest
  @ValueSource(strings = {
      "ln(x1) + x1*x2 - sin(x2)",
      "sin(x) + cos(x)",
      "x^2 + 2*x - 1/x",
      "exp(a*b) / (a + sin(b*b)) - tanh(c)",
      "sigmoid(x) * y - max(x, y) + relu(x - y)",
      "leakyRelu(x, 0.1) - sqrt(abs(x) + 1)",
  })
  void shouldNameEveryNodeLikeItsTraceRow(String formula) {
    Expr f = Formula.parse(formula);
    Bindings at = Bindings.of();
    for (String name : Exprs.variables(f).keySet()) {
      at = at.with(name, 0.7);
    }
    Trace trace = Trace.primal(f, at);
    ExprGraph g = ExprGraph.of(f);
    List<Node> rows = g.nodes().stream().filter(Node::isRow).toList();
    assertEquals(trace.rows().stream().map(Trace.Row::name).sorted().toList(),
        rows.stream().map(Node::id).sorted().toList(), "one node per row");
    for (Trace.Row row : trace.rows()) {
      Node n = g.node(row.name());
      if (n.kind() == ExprGraph.Kind.VARIABLE) {
        assertEquals(row.operation(), n.label(), row.name());
        continue;
      }
      String symbol = n.label().split(" ")[0];
      assertTrue(row.operation().contains(PRINTED.getOrDefault(symbol, symbol)), row.name() + ": " + row.operation()
          + " drawn as " + n.label());
      Set<String> arguments = g.edges().stream().filter(e -> e.to().equals(n.id())).map(Edge::from)
          .filter(id -> g.node(id).isRow()).collect(Collectors.toCollection(TreeSet::new));
      Set<String> written = new TreeSet<>();
      Matcher m = ROW.matcher(row.operation());
      while (m.find()) {
        written.add(m.group());
      }
      assertEquals(written, arguments, row.name() + " = " + row.operation());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ln(x1) + x1*x2 - sin(x2)", "x^2 + 2*x - 1/x"})
  void shouldGiveEachOpALevelAboveItsArguments(String formula) {
    ExprGraph g = ExprGraph.of(Formula.parse(formula));
    for (Edge e : g.edges()) {
      assertTrue(g.node(e.from()).level() < g.node(e.to()).level(), e.toString());
    }
    Node output = g.nodes().getLast();
    assertTrue(g.nodes().stream().allMatch(n -> n.level() <= output.level()), "the output is highest");
  }
}
