package dev.fluxion.playground;

import static dev.fluxion.playground.Api.number;
import static dev.fluxion.playground.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.playground.Api.Reply;
import dev.fluxion.playground.formula.LabLimits;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every endpoint over HTTP, against a server on a free port. */
class ApiTest {
  private static final String SURVEY = "ln(x1) + x1*x2 - sin(x2)";
  private static Playground server;
  private static URI base;

  @BeforeAll
  static void start() throws IOException {
    server = Playground.start(Settings.defaults().withPort(0));
    base = server.uri();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Asserts a 400 pointing at {@code field} and {@code position} (null: none) whose message contains {@code text}. */
  private static void assertError(Reply r, String field, Integer position, String text) {
    assertEquals(400, r.status(), r.body());
    Map<String, Object> json = r.json();
    assertEquals(field, json.get("field"), r.body());
    assertEquals(position, json.get("position") == null ? null : ((Number) json.get("position")).intValue(), r.body());
    assertTrue(((String) json.get("error")).contains(text), r.body());
  }

  @Nested
  class Formula {
    @Test
    void shouldComputeTheSurveyExample() {
      Reply r = Api.formula(base, SURVEY, "x1=2, x2=5");
      assertEquals(200, r.status(), r.body());
      assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
      Map<String, Object> json = r.json();
      assertEquals(Math.log(2) + 10 - Math.sin(5), number(json, "value"), 1e-12);
      assertEquals(11.652, number(json, "value"), 5e-4);
      assertEquals(5.5, number(object(json, "gradient"), "x1"), 1e-12);
      assertEquals(2 - Math.cos(5), number(object(json, "gradient"), "x2"), 1e-12);
      assertEquals(-0.25, number(object(object(json, "hessian"), "x1"), "x1"), 1e-12);
      assertEquals(1.0, number(object(object(json, "hessian"), "x1"), "x2"), 1e-12);
      assertEquals(Math.sin(5), number(object(object(json, "hessian"), "x2"), "x2"), 1e-12);
      assertEquals(Map.of("x1", "x2 + 1 / x1", "x2", "-cos(x2) + x1"), json.get("symbolic"));
      assertEquals(Map.of("forward", 2L, "reverse", 1L), json.get("sweeps"));
      assertEquals("v5", json.get("output"));
    }

    @Test
    void shouldReturnBothTracesWithRowNamesTheGraphUses() {
      Map<String, Object> json = Api.formula(base, SURVEY, "x1=2, x2=5").json();
      List<?> forward = (List<?>) json.get("forward");
      assertEquals(List.of("x1", "x2"), forward.stream().map(t -> ((Map<?, ?>) t).get("seed")).toList());
      Map<String, Object> reverse = object(json, "reverse");
      List<?> steps = (List<?>) reverse.get("steps");
      Map<?, ?> last = (Map<?, ?>) steps.getLast();
      assertEquals("v-1", last.get("row"));
      assertEquals("v̄-1 = v̄-1 + v̄1 ∂v1/∂v-1 = v̄-1 + v̄1 × 1 / v-1", last.get("formula"));
      assertEquals(5.5, ((Number) last.get("value")).doubleValue(), 1e-12);
      String svg = ((String) object(json, "graph").get("svg")).replace("&#45;", "-");
      for (Object row : (List<?>) reverse.get("rows")) {
        assertTrue(svg.contains("id=\"node-" + ((Map<?, ?>) row).get("name") + "\""), "no node for " + row);
      }
    }

    @Test
    void shouldPointAtTheParsersPosition() {
      assertError(Api.formula(base, "ln(x1 * 2", "x1=2"), "formula", 9, "expected ')'");
      assertError(Api.formula(base, "foo(x) + 1", "x=1"), "formula", 0, "unknown function foo");
      assertError(Api.formula(base, "2 + 3", ""), "formula", null, "constant");
    }

    @Test
    void shouldPointIntoThePoint() {
      assertError(Api.formula(base, SURVEY, "x1=2, x3=5"), "point", 6, "unknown variable x3");
      assertError(Api.formula(base, SURVEY, "x1=2"), "point", 4, "no value for x2");
      assertError(Api.formula(base, SURVEY, "x1=2, x2=five"), "point", 9, "not a number");
      assertError(Api.formula(base, SURVEY, "x1=2, x1=3, x2=1"), "point", 6, "given twice");
    }

    @Test
    void shouldRefuseAPointOutsideTheDomain() {
      assertError(Api.formula(base, "ln(x) + x", "x=-1"), "point", null, "value of log(x) (op log) is NaN");
      assertError(Api.formula(base, "sqrt(x)", "x=0"), "point", null, "not finite");
    }
  }

  @Nested
  class Limits {
    @Test
    void shouldRefuseInputOverTheLimits() {
      LabLimits l = LabLimits.DEFAULT;
      assertError(Api.formula(base, "x+".repeat(l.formulaChars() / 2) + "x", "x=1"), "formula", l.formulaChars(),
          "at most " + l.formulaChars());
      assertError(Api.formula(base, "x+".repeat(l.nodes()) + "x", "x=1"), "formula", null, "at most " + l.nodes());
      String many = IntStream.rangeClosed(0, l.variables()).mapToObj(i -> "a" + i).collect(Collectors.joining("+"));
      assertError(Api.formula(base, many, ""), "formula", null, "at most " + l.variables() + "");
      assertError(Api.formula(base, "x", "x=" + "1".repeat(l.pointChars())), "point", l.pointChars(), "at most");
    }

    @Test
    void shouldRefuseABodyOverTheLimit() {
      Reply r = Api.post(base, "api/formula", "{\"formula\": \"" + "x".repeat(20_000) + "\"}");
      assertEquals(413, r.status(), r.body());
      assertTrue(((String) r.json().get("error")).contains("over 16384 bytes"), r.body());
    }

    @Test
    void shouldAnswer503WhenTheComputationTakesTooLong() throws IOException {
      Settings slow = Settings.defaults().withPort(0).withLimits(LabLimits.DEFAULT, Duration.ofMillis(1));
      try (Playground p = Playground.start(slow)) {
        String big = IntStream.range(0, 10).mapToObj(i -> "sin(a" + i + " * a" + ((i + 1) % 10) + ")")
            .collect(Collectors.joining(" + "));
        String point = IntStream.range(0, 10).mapToObj(i -> "a" + i + "=0." + i).collect(Collectors.joining(","));
        Reply r = Api.formula(p.uri(), big, point);
        assertEquals(503, r.status(), r.body());
        assertTrue(((String) r.json().get("error")).contains("took longer than 1 ms"), r.body());
      }
    }
  }

  @Nested
  class Requests {
    @Test
    void shouldRefuseMalformedJson() {
      for (String body : List.of("", "{", "[]", "{\"formula\": 1}", "{\"formula\": \"x\", \"formula\": \"y\"}",
          "{\"formula\": \"x\"} trailing", "{\"nope\": \"x\"}")) {
        Reply r = Api.post(base, "api/formula", body);
        assertEquals(400, r.status(), body + " -> " + r.body());
        assertTrue(((String) r.json().get("error")).startsWith("request body is not the expected JSON object"), r.body());
        assertNull(r.json().get("position"), r.body());
      }
    }

    @Test
    void shouldAnswer405ForTheWrongMethod() {
      Reply r = Api.get(base, "api/formula");
      assertEquals(405, r.status());
      assertEquals("POST", r.header("Allow"));
      assertEquals(405, Api.post(base, "", "{}").status());
      assertEquals(405, Api.post(base, "api/info", "{}").status());
    }

    @Test
    void shouldDescribeTheLimits() {
      Reply r = Api.get(base, "api/info");
      assertEquals(200, r.status());
      Map<String, Object> limits = object(r.json(), "limits");
      assertEquals((long) LabLimits.DEFAULT.formulaChars(), limits.get("formulaChars"));
      assertEquals(5000L, limits.get("timeoutMillis"));
      assertEquals(SURVEY, object(r.json(), "defaults").get("formula"));
    }
  }

  @Nested
  class StaticFiles {
    @Test
    void shouldServeThePageAndItsFiles() {
      Map<String, String> types = Map.of("", "text/html; charset=utf-8", "style.css", "text/css; charset=utf-8",
          "lab.js", "text/javascript; charset=utf-8", "trace.js", "text/javascript; charset=utf-8",
          "graph.js", "text/javascript; charset=utf-8", "favicon.svg", "image/svg+xml",
          "tabs.js", "text/javascript; charset=utf-8", "network.js", "text/javascript; charset=utf-8",
          "netdraw.js", "text/javascript; charset=utf-8");
      types.forEach((path, type) -> {
        Reply r = Api.get(base, path);
        assertEquals(200, r.status(), path);
        assertEquals(type, r.header("Content-Type"), path);
        assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
      });
      assertTrue(Api.get(base, "").body().contains("<title>Fluxion playground</title>"));
      Reply head = Api.request(base, "HEAD", "lab.js");
      assertEquals(200, head.status());
      assertEquals("", head.body());
    }

    @Test
    void shouldAnswer404ForUnknownPaths() {
      for (String path : List.of("nope", "index.htm", "api/nope", "dev/fluxion/playground/static/lab.js", "lab.js/")) {
        assertEquals(404, Api.get(base, path).status(), path);
      }
      assertTrue(Api.get(base, "api/nope").json().containsKey("error"));
    }

    @Test
    void shouldNotLetAPathLeaveTheWhitelist() throws IOException {
      for (String target : List.of("/../pom.xml", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
          "/..%2f..%2fpom.xml", "/static/../lab.js", "//etc/passwd", "/./lab.js", "/lab.js%00.html",
          "/dev/fluxion/playground/Playground.class")) {
        assertEquals("HTTP/1.1 404 Not Found", Api.rawStatusLine(base, target), target);
      }
      assertEquals("HTTP/1.1 200 OK", Api.rawStatusLine(base, "/lab.js"), "the raw client itself works");
    }
  }
}
