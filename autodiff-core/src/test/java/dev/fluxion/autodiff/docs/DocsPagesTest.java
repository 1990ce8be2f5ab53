package dev.fluxion.autodiff.docs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
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

  @Nested
  class ForwardAndReverse {
    private final Path page = ROOT.resolve(DocsPages.FORWARD_AND_REVERSE);

    @Test
    void shouldMatchWhatTheLibraryProduces() throws IOException {
      Map<String, String> expected = DocsPages.forwardAndReverse();
      String text = Files.readString(page, StandardCharsets.UTF_8);
      if (UPDATE) {
        String filled = DocsPages.fill(text, expected);
        if (!filled.equals(text)) {
          // A sibling rather than Files.createTempFile, which would give the page mode 0600.
          Path tmp = page.resolveSibling(page.getFileName() + ".tmp");
          Files.writeString(tmp, filled, StandardCharsets.UTF_8);
          Files.move(tmp, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return;
      }
      Map<String, String> actual = DocsPages.blocksOf(text);
      assertEquals(expected.keySet(), actual.keySet(), "generated blocks of " + page);
      expected.forEach((name, block) -> assertEquals(block, actual.get(name),
          "block " + name + " of " + page + " is stale; rerun with -Dfluxion.docs.update=true"));
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
