package dev.fluxion.nn.docs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks that the generated blocks of docs/nn-guide.md — quoted code regions of
 * {@link NnGuidePage} and their output — are current; {@code -Dfluxion.docs.update=true} rewrites them.
 */
class NnGuideTest {
  private static final Path PAGE = Path.of("..").resolve(NnGuidePage.PATH);

  @Test
  void shouldQuoteCompiledCodeAndPrintWhatItComputes() throws IOException {
    Map<String, String> expected = NnGuidePage.blocks();
    if (Boolean.getBoolean("fluxion.docs.update")) {
      DocBlocks.update(PAGE, expected);
      return;
    }
    Map<String, String> actual = DocBlocks.blocksOf(Files.readString(PAGE, StandardCharsets.UTF_8));
    assertEquals(expected.keySet(), actual.keySet(), "generated blocks of " + PAGE);
    expected.forEach((name, block) -> assertEquals(block, actual.get(name),
        "block " + name + " of " + PAGE + " is stale; rerun with -Dfluxion.docs.update=true"));
  }
}
