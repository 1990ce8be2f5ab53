package dev.fluxion.playground.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.autodiff.text.Formula;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Both drawings: the own layered layout, and Graphviz with its time limit and fallback. */
class DrawingTest {
  private static final ExprGraph SURVEY = ExprGraph.of(Formula.parse("ln(x1) + x1*x2 - sin(x2)"));
  private static final ExprGraph CONSTANTS = ExprGraph.of(Formula.parse("3 * x^2 + 2 * x - 1"));

  private static Document xml(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  /** The center of every node of a layered drawing, by id. */
  private static Map<String, double[]> centers(Document svg) {
    Map<String, double[]> at = new HashMap<>();
    NodeList groups = svg.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").startsWith("node ")) {
        Element text = (Element) g.getElementsByTagName("text").item(0);
        at.put(g.getAttribute("id").substring("node-".length()),
            new double[] {Double.parseDouble(text.getAttribute("x")), Double.parseDouble(text.getAttribute("y"))});
      }
    }
    return at;
  }

  @Nested
  class Layered {
    @Test
    void shouldDrawEveryNodeAndEdgeUpwards() throws Exception {
      for (ExprGraph g : List.of(SURVEY, CONSTANTS)) {
        Document svg = xml(LayeredSvg.of(g));
        Map<String, double[]> at = centers(svg);
        assertEquals(g.nodes().size(), at.size(), "one element per node");
        int edges = 0;
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
          edges += ((Element) groups.item(i)).getAttribute("class").startsWith("edge ") ? 1 : 0;
        }
        assertEquals(g.edges().size(), edges, "one element per edge");
        for (ExprGraph.Edge e : g.edges()) {
          assertTrue(at.get(e.from())[1] > at.get(e.to())[1], "edges point up: " + e);
        }
      }
    }

    @Test
    void shouldPutNodesOfALevelOnOneLineAndNeverOnTopOfEachOther() throws Exception {
      Map<String, double[]> at = centers(xml(LayeredSvg.of(SURVEY)));
      assertEquals(at.get("v-1")[1], at.get("v0")[1]);
      assertEquals(at.get("v1")[1], at.get("v3")[1]);
      for (var a : at.entrySet()) {
        for (var b : at.entrySet()) {
          if (!a.getKey().equals(b.getKey())) {
            assertTrue(Math.hypot(a.getValue()[0] - b.getValue()[0], a.getValue()[1] - b.getValue()[1]) > 40,
                a.getKey() + " overlaps " + b.getKey());
          }
        }
      }
    }

    @Test
    void shouldEscapeLabels() {
      assertEquals("a &lt; b &amp;&amp; &quot;c&quot; &gt; d", LayeredSvg.escape("a < b && \"c\" > d"));
    }
  }

  @Nested
  class WithGraphviz {
    @Test
    void shouldDrawWithTheRowIdsWhenDotIsInstalled() throws Exception {
      Optional<Graphviz> dot = Graphviz.find();
      assumeTrue(dot.isPresent(), "Graphviz (dot) is not installed: skipped");
      String svg = dot.get().render(SURVEY, Duration.ofSeconds(10)).orElseThrow();
      Document doc = xml(svg);
      for (ExprGraph.Node n : SURVEY.nodes()) {
        assertTrue(doc.getElementsByTagName("g").getLength() > 0);
        assertTrue(svg.replace("&#45;", "-").contains("id=\"node-" + n.id() + "\""), n.id());
      }
      assertTrue(svg.replace("&#45;", "-").contains("class=\"edge edge-v-1-v2\""), svg);
    }

    @Test
    void shouldGiveUpOnASlowOrFailingCommand() {
      long start = System.nanoTime();
      assertEquals(Optional.empty(), Graphviz.of(List.of("sleep", "20")).render(SURVEY, Duration.ofMillis(300)));
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "the time limit holds");
      assertEquals(Optional.empty(), Graphviz.of(List.of("false")).render(SURVEY, Duration.ofSeconds(5)));
      assertEquals(Optional.empty(), Graphviz.of(List.of("/no/such/dot")).render(SURVEY, Duration.ofSeconds(5)));
      assertEquals(Optional.empty(), Graphviz.of(List.of("echo", "not svg")).render(SURVEY, Duration.ofSeconds(5)));
    }

    @Test
    void shouldFallBackToTheLayeredDrawing() {
      FormulaLab lab = FormulaLab.of(LabLimits.DEFAULT, Optional.of(Graphviz.of(List.of("false"))));
      String json = lab.json("x * y", "x=1, y=2");
      assertTrue(json.contains("\"layout\":\"layered\""), json);
      assertTrue(json.contains("class=\\\"layered\\\""), json);
    }
  }
}
