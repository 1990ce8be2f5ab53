package dev.fluxion.autodiff.docs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Checks that the generated blocks of the docs pages are what the library produces now; with
 * {@code -Dfluxion.docs.update=true} it rewrites them instead.
 */
class DocsPagesTest {
  /** Surefire runs in the module directory; the docs live at the repository root. */
  private static final Path ROOT = Path.of("..");
  private static final boolean UPDATE = Boolean.getBoolean("fluxion.docs.update");

  /**
   * Checks (or, with {@code -Dfluxion.docs.update=true}, rewrites) {@code page}: its exact blocks
   * must equal {@code exact}; each measured block is regenerated only on update, and otherwise
   * validated by its checker (timings differ from run to run, so they are not compared).
   */
  static void checkOrUpdate(String path, Map<String, String> exact, Map<String, Supplier<String>> measured,
      Map<String, Consumer<String>> measuredChecks) throws IOException {
    Path page = ROOT.resolve(path);
    String text = Files.readString(page, StandardCharsets.UTF_8);
    if (UPDATE) {
      Map<String, String> all = new LinkedHashMap<>(exact);
      measured.forEach((name, gen) -> all.put(name, gen.get()));
      String filled = DocsPages.fill(text, all);
      measuredChecks.forEach((name, check) -> check.accept(all.get(name)));
      if (!filled.equals(text)) {
        // A sibling rather than Files.createTempFile, which would give the page mode 0600.
        Path tmp = page.resolveSibling(page.getFileName() + ".tmp");
        Files.writeString(tmp, filled, StandardCharsets.UTF_8);
        Files.move(tmp, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return;
    }
    Map<String, String> actual = DocsPages.blocksOf(text);
    Set<String> names = new LinkedHashSet<>(exact.keySet());
    names.addAll(measured.keySet());
    assertEquals(names, actual.keySet(), "generated blocks of " + page);
    exact.forEach((name, block) -> assertEquals(block, actual.get(name),
        "block " + name + " of " + page + " is stale; rerun with -Dfluxion.docs.update=true"));
    measuredChecks.forEach((name, check) -> check.accept(actual.get(name)));
  }

  @Nested
  class ForwardAndReverse {
    @Test
    void shouldMatchWhatTheLibraryProduces() throws IOException {
      checkOrUpdate(DocsPages.FORWARD_AND_REVERSE, DocsPages.forwardAndReverse(), Map.of(), Map.of());
    }
  }

  @Nested
  class AutodiffTour {
    @Test
    void shouldMatchWhatTheLibraryProducesAndHoldConsistentTimings() throws IOException {
      checkOrUpdate(TourPage.PATH, TourPage.blocks(), Map.of("measured-jacobian-timings", TourPage::timings),
          Map.of("measured-jacobian-timings", TourPage::checkTimings));
    }

    @Test
    void shouldRejectTimingsThatContradictTheSweepCounts() {
      String ok = TourPage.timingsFor(new double[][] {{1, 9}, {1, 2}, {9, 1}, {1, 9}, {9, 1}});
      TourPage.checkTimings(ok);
      String wrong = TourPage.timingsFor(new double[][] {{9, 1}, {1, 2}, {9, 1}, {1, 9}, {9, 1}});
      assertThrows(AssertionError.class, () -> TourPage.checkTimings(wrong));
      assertThrows(AssertionError.class, () -> TourPage.checkTimings(ok.replace("jacrev, 9.0×", "jacfwd, 9.0×")));
      assertThrows(AssertionError.class, () -> TourPage.checkTimings(ok.replace("Machine:", "Computer:")));
    }
  }

  @Nested
  class GradientVerification {
    @Test
    void shouldMatchWhatTheLibraryProducesAndQuoteItsCodeVerbatim() throws IOException {
      checkOrUpdate(VerificationPage.PATH, VerificationPage.blocks(), Map.of(), Map.of());
    }
  }

  @Nested
  class Markers {
    @Test
    void shouldReplaceOnlyTheBlocks() {
      String page = "a\n<!-- generated:one -->\nold\n<!-- /generated:one -->\nb $1\n";
      assertEquals("a\n<!-- generated:one -->\nnew\n<!-- /generated:one -->\nb $1\n",
          DocsPages.fill(page, Map.of("one", "new\n")));
      assertEquals(Map.of("one", "old\n"), DocsPages.blocksOf(page));
    }

    @Test
    void shouldRejectMissingUnknownAndRepeatedBlocks() {
      String page = "<!-- generated:one -->\nx\n<!-- /generated:one -->\n";
      assertThrows(IllegalArgumentException.class, () -> DocsPages.fill(page, Map.of("two", "y\n")));
      assertThrows(IllegalArgumentException.class, () -> DocsPages.blocksOf(page + page));
    }
  }
}
