package dev.fluxion.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.nn.io.JsonWriter;
import dev.fluxion.playground.formula.FormulaLab;
import dev.fluxion.playground.formula.LabLimits;
import dev.fluxion.playground.network.NetworkSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/playground.md current: its generated blocks (the limits, an API exchange and an error)
 * come from the code and a running server; {@code -Dfluxion.docs.update=true} rewrites them.
 */
class PlaygroundDocsTest {
  private static final Path PAGE = Path.of("../docs/playground.md");
  private static final Pattern BLOCK =
      Pattern.compile("(?s)<!-- generated:([a-z0-9-]+) -->\\n(.*?)<!-- /generated:\\1 -->");

  static Map<String, String> blocks() throws IOException {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("limits", limits());
    try (Playground server = Playground.start(Settings.defaults().withPort(0))) {
      String raw = Api.formula(server.uri(), FormulaLab.DEFAULT_FORMULA, FormulaLab.DEFAULT_POINT).body();
      String abridged = "{" + String.join(",", List.of("value", "gradient", "hessian", "symbolic", "output", "sweeps")
          .stream().map(name -> member(raw, name)).toList()) + ", …}";
      b.put("api-example", "```text\nPOST /api/formula\n" + request(FormulaLab.DEFAULT_FORMULA, FormulaLab.DEFAULT_POINT)
          + "\n\n200 " + abridged + "\n```\n");
      Api.Reply error = Api.formula(server.uri(), "ln(x1 * 2", "x1=2");
      b.put("api-error", "```text\nPOST /api/formula\n" + request("ln(x1 * 2", "x1=2") + "\n\n" + error.status() + " "
          + error.body() + "\n```\n");
    }
    return b;
  }

  private static String request(String formula, String point) {
    return JsonWriter.spaced().beginObject().name("formula").value(formula).name("point").value(point).endObject()
        .toJson();
  }

  /** {@return {@code "name":value} as it stands in the compact JSON {@code raw}} */
  private static String member(String raw, String name) {
    int start = raw.indexOf("\"" + name + "\":");
    assertTrue(start > 0, name + " in " + raw);
    int depth = 0;
    boolean string = false;
    for (int i = start + name.length() + 3; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (string) {
        string = c != '"' || raw.charAt(i - 1) == '\\';
      } else if (c == '"') {
        string = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']' || c == ',') {
        if (depth == 0) {
          return raw.substring(start, i);
        }
        depth -= c == ',' ? 0 : 1;
      }
    }
    throw new AssertionError("no end of " + name + " in " + raw);
  }

  private static String limits() {
    LabLimits l = LabLimits.DEFAULT;
    Settings s = Settings.defaults();
    return "| limit | default |\n|:--|--:|\n"
        + "| formula length | " + l.formulaChars() + " characters |\n"
        + "| point length | " + l.pointChars() + " characters |\n"
        + "| expression nodes (variables, constants, ops) | " + l.nodes() + " |\n"
        + "| variables | " + l.variables() + " |\n"
        + "| request body | " + s.bodyBytes() + " bytes |\n"
        + "| time per computation | " + s.timeout().toMillis() + " ms |\n"
        + "| Graphviz time before the own layout is used | " + l.graphviz().toMillis() + " ms |\n"
        + "| computations at once | one per core, at least 2 |\n"
        + "| Network lab: points | " + NetworkSpec.MAX_POINTS + " |\n"
        + "| Network lab: hidden layers × width | " + NetworkSpec.MAX_LAYERS + " × " + NetworkSpec.MAX_WIDTH + " |\n"
        + "| Network lab: steps per run | " + NetworkSpec.MAX_STEPS + " |\n"
        + "| Network lab: steps per step request | " + NetworkRoutes.STEPS_PER_REQUEST + " |\n"
        + "| Network lab: steps per streamed event (`every`) | " + NetworkRoutes.EVERY + " |\n"
        + "| Network lab: time between events, at least | " + NetworkStream.PACE.toMillis() + " ms |\n"
        + "| Network lab: sessions kept (least recently used evicted) | " + NetworkRoutes.SESSIONS + " |\n"
        + "| Network lab: idle session kept for | " + NetworkRoutes.IDLE.toMinutes() + " min |\n"
        + "| Network lab: streams at once | " + NetworkRoutes.STREAMS + " |\n"
        + "| Network lab: one stream's lifetime | " + NetworkStream.LIFETIME.toMinutes() + " min |\n";
  }

  @Test
  void shouldShowWhatTheCodeDoes() throws IOException {
    Map<String, String> expected = blocks();
    String text = Files.readString(PAGE, StandardCharsets.UTF_8);
    Map<String, String> actual = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      actual.put(m.group(1), m.group(2));
    }
    assertEquals(expected.keySet(), actual.keySet(), "generated blocks of " + PAGE);
    if (Boolean.getBoolean("fluxion.docs.update")) {
      StringBuilder sb = new StringBuilder();
      m.reset();
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement("<!-- generated:" + m.group(1) + " -->\n"
            + expected.get(m.group(1)) + "<!-- /generated:" + m.group(1) + " -->"));
      }
      m.appendTail(sb);
      Path tmp = PAGE.resolveSibling(PAGE.getFileName() + ".tmp");
      Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
      Files.move(tmp, PAGE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    expected.forEach((name, block) -> assertEquals(block, actual.get(name),
        "block " + name + " of " + PAGE + " is stale; rerun with -Dfluxion.docs.update=true"));
    assertTrue(Files.isRegularFile(Path.of("../docs/images/playground-formula.png")),
        "the page's screenshot is missing; BrowserTest writes it with -Dfluxion.docs.update=true");
    assertTrue(Files.isRegularFile(Path.of("../docs/images/playground-network.png")),
        "the Network lab's screenshot is missing; NetworkBrowserTest writes it with -Dfluxion.docs.update=true");
  }
}
