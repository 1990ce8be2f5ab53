package dev.fluxion.nn.text;

import static dev.fluxion.nn.text.Corrupt.file;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.nn.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharTokenizerTest {
  @TempDir
  Path dir;

  @Test
  void shouldNumberTheSortedDistinctCodePoints() {
    CharTokenizer t = CharTokenizer.of("hello, wörld 😀");
    // sorted: ' ' ',' d e h l o r w ö 😀
    assertEquals(11, t.vocabularySize());
    assertEquals(' ', t.codePoint(0));
    assertEquals(0x1F600, t.codePoint(10));
    assertArrayEquals(new int[] {4, 3, 5, 5, 6}, t.encode("hello"));
  }

  @Test
  void shouldRoundTripTextOfKnownCharacters() {
    String corpus = "The quick brown fox 😀 jumps över\n\tthe lazy dog \uD800";
    CharTokenizer t = CharTokenizer.of(corpus);
    assertEquals(corpus, t.decode(t.encode(corpus)));
    assertEquals("", t.decode(t.encode("")));
    assertEquals("😀 \uD800ö", t.decode(t.encode("😀 \uD800ö")));
  }

  @Test
  void shouldGiveTheSameIdsForTheSameCharactersInAnyOrder() {
    assertArrayEquals(CharTokenizer.of("abc").encode("cab"), CharTokenizer.of("cba").encode("cab"));
  }

  @Nested
  class Errors {
    @Test
    void shouldNameAnUnknownCharacterAndItsIndex() {
      CharTokenizer t = CharTokenizer.of("abc");
      var e = assertThrows(IllegalArgumentException.class, () -> t.encode("ab😀c"));
      assertTrue(e.getMessage().contains("U+1F600 '😀' at char index 2"), e.getMessage());
      var ctl = assertThrows(IllegalArgumentException.class, () -> t.encode("a\n"));
      assertTrue(ctl.getMessage().contains("U+000A at char index 1"), ctl.getMessage());
    }

    @Test
    void shouldRefuseAnEmptyCorpusAndIdsOutOfRange() {
      assertThrows(IllegalArgumentException.class, () -> CharTokenizer.of(""));
      CharTokenizer t = CharTokenizer.of("ab");
      var e = assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {0, 2}));
      assertTrue(e.getMessage().contains("id 2 at position 1"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {-1}));
    }
  }

  @Nested
  class SaveAndLoad {
    @Test
    void shouldSaveAndLoadTheSameVocabulary() {
      CharTokenizer t = CharTokenizer.of("some text 😀 ü");
      Path f = dir.resolve("chars.bin");
      t.save(f);
      CharTokenizer u = CharTokenizer.load(f);
      assertEquals(t.vocabularySize(), u.vocabularySize());
      assertArrayEquals(t.encode("text 😀"), u.encode("text 😀"));
      t.save(f);
      assertEquals(t.vocabularySize(), CharTokenizer.load(f).vocabularySize());
      try (var s = Files.list(dir)) {
        assertEquals(1, s.count(), "no temporary file is left behind");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    @Test
    void shouldRefuseTruncatedFilesWithTheOffset() throws IOException {
      Path f = dir.resolve("chars.bin");
      CharTokenizer.of("abcdef").save(f);
      byte[] good = Files.readAllBytes(f);
      for (int n = 0; n < good.length; n++) {
        Files.write(f, Arrays.copyOf(good, n));
        var e = assertThrows(DataFormatException.class, () -> CharTokenizer.load(f), "length " + n);
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
      }
    }

    @Test
    void shouldRefuseBadHeadersCountsAndCodePoints() throws IOException {
      Path f = dir.resolve("chars.bin");
      Consumer<Path> load = CharTokenizer::load;
      Files.write(f, file("FXCT", 1, 2, 'a', 'b'));
      assertEquals(2, CharTokenizer.load(f).vocabularySize());
      Corrupt.assertRefused(f, file("XXCT", 1, 2, 'a', 'b'), load, 0, "not a character tokenizer file");
      Corrupt.assertRefused(f, file("FXCT", 2, 2, 'a', 'b'), load, 4, "version 2");
      Corrupt.assertRefused(f, file("FXCT", 1, Integer.MAX_VALUE, 'a', 'b'), load, 8, "2147483647 code points");
      Corrupt.assertRefused(f, file("FXCT", 1, -3, 'a', 'b'), load, 8, "-3 code points");
      Corrupt.assertRefused(f, file("FXCT", 1, 0), load, 8, "must not be empty");
      Corrupt.assertRefused(f, file("FXCT", 1, 2, 'b', 'a'), load, 16, "strictly increasing");
      Corrupt.assertRefused(f, file("FXCT", 1, 2, 'a', 0x110000), load, 16, "strictly increasing");
    }

  }
}
