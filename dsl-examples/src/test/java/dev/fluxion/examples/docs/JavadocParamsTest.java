package dev.fluxion.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every {@code @param} in the main sources says something the name does not: a shape, a domain, a
 * unit, what null means. "{@code @param name the name}" and "{@code @param axis the axis}" fail.
 */
class JavadocParamsTest {
  private static final Pattern PARAM = Pattern.compile("^\\s*\\* @param (\\S+) (.*)$");
  private static final Pattern ARTICLE_AND_WORD = Pattern.compile("(the|a|an|its) [\\w-]+");
  private static final Pattern WORD = Pattern.compile("[a-z0-9']+");
  private static final Pattern NAME_WORD = Pattern.compile("[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])");
  private static final Set<String> FILLER = Set.of("the", "a", "an", "its", "this", "any", "given", "of", "to");

  /** {@return whether {@code description} only restates {@code name}} */
  static boolean restatesTheName(String name, String description) {
    String d = description.strip().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.isEmpty() || ARTICLE_AND_WORD.matcher(d).matches()) {
      return true;
    }
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(d);
    while (m.find()) {
      if (!FILLER.contains(m.group())) {
        words.add(m.group());
      }
    }
    List<String> nameWords = new ArrayList<>();
    Matcher n = NAME_WORD.matcher(name.replace("<", "").replace(">", ""));
    while (n.find()) {
      nameWords.add(n.group().toLowerCase(Locale.ROOT));
    }
    return words.equals(nameWords) || String.join("", words).equals(String.join("", nameWords));
  }

  @Nested
  class Detector {
    @Test
    void shouldFlagDescriptionsThatRepeatTheName() {
      assertTrue(restatesTheName("name", "the name"));
      assertTrue(restatesTheName("axis", "the axis."));
      assertTrue(restatesTheName("x", "the argument"));
      assertTrue(restatesTheName("learningRate", "the learning rate"));
      assertTrue(restatesTheName("<P>", "the p"));
    }

    @Test
    void shouldAcceptShapesAndDomains() {
      assertFalse(restatesTheName("x", "any shape"));
      assertFalse(restatesTheName("axis", "in [-rank, rank)"));
      assertFalse(restatesTheName("learningRate", "finite, >= 0"));
      assertFalse(restatesTheName("labels", "class indices in [0, classes), shape [n]"));
    }
  }

  @Test
  void shouldFindNoParamThatOnlyRepeatsItsName() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    assumeTrue(Files.isDirectory(root.resolve("autodiff-core/src/main")), "no sources beside the module: skipped");
    List<String> noisy = new ArrayList<>();
    int seen = 0;
    for (String module : List.of("autodiff-core", "nn", "fluxion-kotlin", "spark", "playground", "dsl-examples", "benchmarks")) {
      Path main = root.resolve(module).resolve("src/main");
      if (!Files.isDirectory(main)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(main)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          List<String> lines = read(file);
          for (int i = 0; i < lines.size(); i++) {
            Matcher m = PARAM.matcher(lines.get(i));
            if (m.matches()) {
              seen++;
              if (restatesTheName(m.group(1), m.group(2))) {
                noisy.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
              }
            }
          }
        }
      }
    }
    assertTrue(seen > 1000, "found only " + seen + " @param lines: is the source tree where this test looks?");
    assertEquals(List.of(), noisy, "@param lines that only repeat the name: say the shape or domain");
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
