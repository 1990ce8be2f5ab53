package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's Java example compiled, printing what its comments say, and quoted verbatim. */
class QuickStartTest {
  private static final Path SOURCE = Path.of("src/main/java/dev/fluxion/examples/QuickStart.java");
  private static final Path VERIFY = Path.of("src/main/java/dev/fluxion/examples/VerifyGradients.java");
  private static final Path TRAIN = Path.of("src/main/java/dev/fluxion/examples/TrainQuickStart.java");

  private static List<String> snippet() throws IOException {
    return snippet(SOURCE);
  }

  private static List<String> snippet(Path source) throws IOException {
    List<String> lines = Files.readAllLines(source);
    int start = lines.indexOf("    // readme:start");
    int end = lines.indexOf("    // readme:end");
    assertTrue(start >= 0 && end > start, "markers missing in " + source);
    return lines.subList(start + 1, end).stream().map(l -> l.substring(4)).toList();
  }

  @Test
  void shouldPrintWhatTheCommentsSay() throws IOException {
    List<String> expected = new ArrayList<>();
    for (String line : snippet()) {
      if (line.startsWith("System.out.println")) {
        String comment = line.substring(line.indexOf("// ") + 3);
        expected.add(comment.replaceAll(" \\(.*\\)$", ""));
      }
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[0]);
    } finally {
      System.setOut(old);
    }
    assertEquals(expected, buf.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void shouldBeQuotedVerbatimInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    assertTrue(readme.contains(String.join("\n", snippet())), "README.md must quote QuickStart's snippet verbatim");
    assertTrue(readme.contains(String.join("\n", snippet(VERIFY))), "README.md must quote VerifyGradients verbatim");
    assertTrue(readme.contains(String.join("\n", snippet(TRAIN))), "README.md must quote TrainQuickStart verbatim");
  }

  @Test
  void shouldTrainAsTheReadmeSays() throws IOException {
    String expected = snippet(TRAIN).stream().filter(l -> l.startsWith("System.out.println"))
        .map(l -> l.substring(l.indexOf("// ") + 3)).findFirst().orElseThrow();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      TrainQuickStart.main(new String[0]);
    } finally {
      System.setOut(old);
    }
    assertEquals(List.of(expected), buf.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void shouldVerifyTheReadmeGradients() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      VerifyGradients.main(new String[0]);
    } finally {
      System.setOut(old);
    }
    assertEquals(List.of("true"), buf.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
