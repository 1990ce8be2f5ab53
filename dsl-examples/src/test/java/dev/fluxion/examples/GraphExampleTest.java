package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.examples.support.Graphviz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./fluxion example graph}: DOT files always, pictures when a {@code dot} program runs. */
class GraphExampleTest {
  /** A statement of the DOT that {@code text.Dot} writes: graph attributes, a node or an edge. */
  private static final Pattern STATEMENT = Pattern.compile(
      "  (rankdir=\\w+|(node|edge) \\[.*\\]|[nr]\\d+ \\[label=\".*\", shape=\\w+\\]|n\\d+ -> [nr]\\d+( \\[.*\\])?);");

  @TempDir
  Path dir;

  /** A stand-in for Graphviz's {@code dot}: a shell script in {@code dir} with {@code body}. */
  private Path fakeDot(String body) throws IOException {
    Path script = dir.resolve("fake-dot");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    assertTrue(script.toFile().setExecutable(true));
    return script;
  }

  private static void assertDigraph(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertEquals("digraph expr {", lines.get(0), file.toString());
    assertEquals("}", lines.get(lines.size() - 1), file.toString());
    for (String line : lines.subList(1, lines.size() - 1)) {
      assertTrue(STATEMENT.matcher(line).matches(), () -> file + ": not a DOT statement: " + line);
    }
  }

  @Nested
  class DotFiles {
    @Test
    void shouldWriteTheLossAndGradientGraphsAsDigraphs() throws IOException {
      ExampleRun r = ExampleRun.of("example", "graph", "--out", dir.toString(), "--dot-command", dir.resolve("no-dot").toString());
      assertEquals(0, r.code(), r.err());
      Map<String, String> s = r.summary();
      assertEquals(List.of("nodes", "gradient_nodes", "shared_nodes", "dot_files", "rendered"), List.copyOf(s.keySet()));
      assertEquals("2", s.get("dot_files"));
      assertTrue(Integer.parseInt(s.get("gradient_nodes")) > Integer.parseInt(s.get("shared_nodes")), r.out());
      assertDigraph(dir.resolve("loss.dot"));
      assertDigraph(dir.resolve("gradient.dot"));
      String gradient = Files.readString(dir.resolve("gradient.dot"));
      for (String root : List.of("loss", "∂loss/∂0.w", "∂loss/∂0.b", "∂loss/∂2.w", "∂loss/∂2.b")) {
        assertTrue(gradient.contains("[label=\"" + root + "\", shape=plaintext]"), root);
      }
    }

    @Test
    void shouldSayHowToGetGraphvizWhenDotIsMissing() {
      ExampleRun r = ExampleRun.of("example", "graph", "--out", dir.toString(), "--dot-command", dir.resolve("no-dot").toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("false", r.summary().get("rendered"));
      assertTrue(r.out().contains("apt-get install graphviz"), r.out());
    }
  }

  @Nested
  class Rendering {
    @Test
    void shouldRenderSvgAndPngWithTheDotProgram() throws IOException {
      Path dot = fakeDot("while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then echo picture > \"$2\"; fi; shift; done");
      ExampleRun r = ExampleRun.of("example", "graph", "--out", dir.toString(), "--dot-command", dot.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("true", r.summary().get("rendered"));
      for (String f : List.of("loss.svg", "loss.png", "gradient.svg", "gradient.png")) {
        assertEquals("picture\n", Files.readString(dir.resolve(f)), f);
      }
      try (var files = Files.list(dir)) {
        assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "temporary files remain");
      }
    }

    @Test
    void shouldFailWithTheProgramsMessageWhenRenderingFails() throws IOException {
      Path dot = fakeDot("echo 'Error: syntax error in line 1' >&2; exit 3");
      ExampleRun r = ExampleRun.of("example", "graph", "--out", dir.toString(), "--dot-command", dot.toString());
      assertEquals(2, r.code(), r.out());
      assertTrue(r.err().contains("failed with exit code 3: Error: syntax error in line 1"), r.err());
      assertTrue(Files.exists(dir.resolve("gradient.dot")), "the DOT files are written before rendering");
    }

    @Test
    void shouldRenderWithGraphvizWhenInstalled() throws IOException {
      assumeTrue(Graphviz.find("dot").isPresent(), "Graphviz is not installed (apt-get install graphviz)");
      ExampleRun r = ExampleRun.of("example", "graph", "--out", dir.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("true", r.summary().get("rendered"));
      assertTrue(Files.readString(dir.resolve("gradient.svg")).contains("<svg"));
      byte[] png = Files.readAllBytes(dir.resolve("loss.png"));
      assertEquals((byte) 0x89, png[0]);
      assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }
  }
}
