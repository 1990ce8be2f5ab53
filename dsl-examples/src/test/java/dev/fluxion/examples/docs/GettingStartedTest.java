package dev.fluxion.examples.docs;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.examples.CompileOnceLoop;
import dev.fluxion.examples.QuickStart;
import dev.fluxion.examples.SurveyExampleKt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
 * Keeps docs/getting-started.md current: its code blocks quote the examples' {@code readme:start}
 * regions verbatim (Java and Kotlin, compiled by this module) and its output blocks are what
 * those examples print. {@code -Dfluxion.docs.update=true} rewrites the blocks.
 */
class GettingStartedTest {
  private static final Path PAGE = Path.of("../docs/getting-started.md");
  private static final String EXAMPLES = "src/main/java/dev/fluxion/examples/";
  private static final Pattern BLOCK =
      Pattern.compile("(?s)<!-- generated:([a-z0-9-]+) -->\\n(.*?)<!-- /generated:\\1 -->");

  static Map<String, String> blocks() throws IOException {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("cli-grad", cli("grad", "ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5"));
    b.put("java-quickstart", region(EXAMPLES + "QuickStart.java", "java"));
    b.put("java-quickstart-output", output(() -> QuickStart.main(new String[0])));
    b.put("java-verify", region(EXAMPLES + "VerifyGradients.java", "java"));
    b.put("java-train", region(EXAMPLES + "TrainQuickStart.java", "java"));
    b.put("java-own-loop", region(EXAMPLES + "CompileOnceLoop.java", "java"));
    b.put("java-own-loop-output", output(() -> CompileOnceLoop.main(new String[0])));
    b.put("kotlin-survey", region("src/main/kotlin/dev/fluxion/examples/SurveyExample.kt", "kotlin"));
    b.put("kotlin-survey-output", output(SurveyExampleKt::main));
    return b;
  }

  @Test
  void shouldQuoteTheExamplesAndWhatTheyPrint() throws IOException {
    Map<String, String> expected = blocks();
    String text = Files.readString(PAGE, StandardCharsets.UTF_8);
    Map<String, String> actual = blocksOf(text);
    if (Boolean.getBoolean("fluxion.docs.update")) {
      assertEquals(expected.keySet(), actual.keySet(), "generated blocks of " + PAGE);
      Matcher m = BLOCK.matcher(text);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        m.appendReplacement(sb, Matcher.quoteReplacement(
            "<!-- generated:" + name + " -->\n" + expected.get(name) + "<!-- /generated:" + name + " -->"));
      }
      m.appendTail(sb);
      if (!sb.toString().equals(text)) {
        Path tmp = PAGE.resolveSibling(PAGE.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, PAGE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return;
    }
    assertEquals(expected.keySet(), actual.keySet(), "generated blocks of " + PAGE);
    expected.forEach((name, block) -> assertEquals(block, actual.get(name),
        "block " + name + " of " + PAGE + " is stale; rerun with -Dfluxion.docs.update=true"));
  }

  private static Map<String, String> blocksOf(String page) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(page);
    while (m.find()) {
      assertNull(out.put(m.group(1), m.group(2)), "generated block " + m.group(1) + " appears twice");
    }
    return out;
  }

  /** The lines between {@code // readme:start} and {@code // readme:end}, dedented, as a code block. */
  private static String region(String source, String language) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(source));
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      if (t.equals("// readme:start")) {
        start = i;
      } else if (t.equals("// readme:end")) {
        end = i;
      }
    }
    assertTrue(start >= 0 && end > start, "readme markers missing in " + source);
    List<String> body = lines.subList(start + 1, end);
    int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    StringBuilder sb = new StringBuilder("```" + language + "\n");
    body.forEach(l -> sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
    return sb.append("```\n").toString();
  }

  /** {@code ./fluxion args} run in-process: the command line and what it prints. */
  private static String cli(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = dev.fluxion.examples.cli.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
        args);
    assertEquals(0, code, err::toString);
    StringBuilder line = new StringBuilder("$ ./fluxion");
    for (String a : args) {
      line.append(' ').append(a.contains(" ") ? "\"" + a + "\"" : a);
    }
    return "```text\n" + line + "\n" + out + "```\n";
  }

  private static String output(Runnable main) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(old);
    }
    return "```text\n" + buf.toString(StandardCharsets.UTF_8) + "```\n";
  }
}
