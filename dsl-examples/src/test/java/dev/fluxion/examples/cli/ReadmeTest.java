package dev.fluxion.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.autodiff.text.Formula;
import dev.fluxion.autodiff.text.FormulaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import picocli.CommandLine;

/** The README's section "The command line" against the parser and the commands, so they cannot drift. */
class ReadmeTest {
  private static String section;

  @BeforeAll
  static void readSection() throws IOException {
    Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    assumeTrue(Files.isRegularFile(readme), "no README.md beside the module: skipped");
    String text = Files.readString(readme);
    int start = text.indexOf("## The command line");
    assertTrue(start >= 0, "README has no section 'The command line'");
    int end = text.indexOf("\n## ", start + 1);
    section = text.substring(start, end < 0 ? text.length() : end);
  }

  /** Every function name the parser accepts, from its own "unknown function" message. */
  private static Set<String> parserFunctions() {
    FormulaException e = org.junit.jupiter.api.Assertions.assertThrows(FormulaException.class,
        (Executable) () -> Formula.parse("noSuchFunction(x)"));
    Matcher m = Pattern.compile("known: ([^)]*)\\)").matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    return Arrays.stream(m.group(1).split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
  }

  @Nested
  class Functions {
    @Test
    void shouldListExactlyTheFunctionsTheParserAccepts() {
      Set<String> listed = new TreeSet<>();
      Matcher m = Pattern.compile("`([A-Za-z][A-Za-z0-9]*)\\(").matcher(section);
      while (m.find()) {
        listed.add(m.group(1));
      }
      assertEquals(parserFunctions(), listed);
    }
  }

  @Nested
  class Options {
    @Test
    void shouldDocumentEveryOptionOfTheFormulaCommandsAndServe() {
      CommandLine cli = new CommandLine(new FluxionCommand());
      for (String name : Stream.concat(FormulaArgs.FORMULA_COMMANDS.stream(), Stream.of("serve")).toList()) {
        for (var option : cli.getSubcommands().get(name).getCommandSpec().options()) {
          String longest = option.longestName();
          if (!option.usageHelp() && !option.versionHelp()) {
            assertTrue(section.contains(longest), name + " " + longest + " is not in the README");
          }
        }
      }
    }

    @Test
    void shouldDocumentUnaryMinusAndFluxionOpts() {
      assertTrue(section.contains("eval \"-x^2\" --at x=3"), "unary minus example");
      assertTrue(section.contains("FLUXION_OPTS"), "FLUXION_OPTS");
    }
  }
}
