package dev.fluxion.nn.text;

import static dev.fluxion.nn.text.Corrupt.file;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.nn.data.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BytePairTokenizerTest {
  static final String ENGLISH = """
      It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of
      foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light,
      it was the season of Darkness, it was the spring of hope, it was the winter of despair.
      """;

  @TempDir
  Path dir;

  /** A string of {@code n} random code points: ASCII, Latin, Greek, CJK, emoji and other supplementary planes. */
  static String randomText(SplittableRandom g, int n) {
    StringBuilder s = new StringBuilder();
    int[][] ranges = {{0, 0x7f}, {0x80, 0x7ff}, {0x370, 0x3ff}, {0x4e00, 0x9fff}, {0xe000, 0xfffd},
        {0x1f300, 0x1faff}, {0x10000, 0x10ffff}};
    for (int i = 0; i < n; i++) {
      int[] r = ranges[g.nextInt(ranges.length)];
      int cp = r[0] + g.nextInt(r[1] - r[0] + 1);
      s.appendCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 'x' : cp);
    }
    return s.toString();
  }

  @Test
  void shouldLearnTheMostFrequentPairsWithTiesToTheSmallestIds() {
    BytePairTokenizer t = BytePairTokenizer.train("aaabdaaabac", 260);
    // aa (4) -> 256; then ab and (256, a) tie at 2: the smaller left id wins; then (256, 257); then
    // every pair occurs once and (a, c) has the smallest left id
    assertArrayEquals(new int[][] {{97, 97}, {97, 98}, {256, 257}, {97, 99}}, t.merges());
    assertArrayEquals(new int[] {258, 100, 258, 259}, t.encode("aaabdaaabac"));
    assertEquals("aaab", new String(t.tokenBytes(258), StandardCharsets.UTF_8));
  }

  @Test
  void shouldStopWhenNoPairIsLeft() {
    BytePairTokenizer t = BytePairTokenizer.train("abab", 1000);
    assertEquals(258, t.vocabularySize());
    assertEquals(256, BytePairTokenizer.train("ab", 256).vocabularySize());
  }

  @Test
  void shouldNeverMergeAcrossTheWhitespacePreSplit() {
    BytePairTokenizer t = BytePairTokenizer.train(ENGLISH, 400);
    for (int id = 256; id < t.vocabularySize(); id++) {
      String token = new String(t.tokenBytes(id), StandardCharsets.UTF_8);
      assertFalse(token.strip().matches(".*\\s.*"), "token " + id + " '" + token + "' holds inner whitespace");
      assertFalse(!token.isBlank() && Character.isWhitespace(token.charAt(token.length() - 1)),
          "token " + id + " '" + token + "' ends in whitespace after a word");
    }
    assertTrue(t.encode(ENGLISH).length < ENGLISH.length() / 2);
  }

  @Test
  void shouldTrainDeterministically() {
    String corpus = ENGLISH.repeat(3) + randomText(new SplittableRandom(1), 2000);
    BytePairTokenizer a = BytePairTokenizer.train(corpus, 600);
    BytePairTokenizer b = BytePairTokenizer.train(corpus, 600);
    assertArrayEquals(a.merges(), b.merges());
    assertArrayEquals(a.encode(corpus), b.encode(corpus));
  }

  @Nested
  class RoundTrips {
    final BytePairTokenizer t = BytePairTokenizer.train(ENGLISH, 380);

    @Test
    void shouldRoundTripRandomUnicodeNeverSeenInTraining() {
      SplittableRandom g = new SplittableRandom(7);
      for (int trial = 0; trial < 200; trial++) {
        String s = randomText(g, g.nextInt(300));
        assertEquals(s, t.decode(t.encode(s)), "trial " + trial);
      }
      assertArrayEquals(new int[0], t.encode(""));
      assertEquals("", t.decode(new int[0]));
      String mixed = "It was the 😀 best\u0000 of\r\n\ttimes " + "x".repeat(1000) + " ☃";
      assertEquals(mixed, t.decode(t.encode(mixed)));
    }

    @Test
    void shouldRoundTripAnyBytesExactly() {
      SplittableRandom g = new SplittableRandom(11);
      for (int trial = 0; trial < 200; trial++) {
        byte[] b = new byte[g.nextInt(500)];
        g.nextBytes(b);
        assertArrayEquals(b, t.decodeBytes(t.encode(b)), "trial " + trial);
      }
    }

    @Test
    void shouldEncodeAStringAsItsUtf8Bytes() {
      String s = "the age of wisdöm 😀";
      assertArrayEquals(t.encode(s.getBytes(StandardCharsets.UTF_8)), t.encode(s));
    }

    @Test
    void shouldDecodeIdsCutInsideACharacterWithAReplacementCharacter() {
      int[] ids = t.encode("😀");
      assertEquals("\uFFFD", t.decode(Arrays.copyOf(ids, 1)));
    }
  }

  @Nested
  class Errors {
    @Test
    void shouldRefuseSmallVocabulariesAndEmptyCorpora() {
      var e = assertThrows(IllegalArgumentException.class, () -> BytePairTokenizer.train("abc", 255));
      assertTrue(e.getMessage().contains(">= 256"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> BytePairTokenizer.train("", 300));
      assertThrows(IllegalArgumentException.class, () -> BytePairTokenizer.train(new byte[0], 300));
    }

    @Test
    void shouldNameUnpairedSurrogatesAndBadIds() {
      BytePairTokenizer t = BytePairTokenizer.train("abc", 256);
      var e = assertThrows(IllegalArgumentException.class, () -> t.encode("ab\uD800c"));
      assertTrue(e.getMessage().contains("U+D800 at char index 2"), e.getMessage());
      var d = assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {97, 256}));
      assertTrue(d.getMessage().contains("id 256 at position 1"), d.getMessage());
    }
  }

  @Nested
  class SaveAndLoad {
    @Test
    void shouldLoadATokenizerThatEncodesIdentically() {
      BytePairTokenizer t = BytePairTokenizer.train(ENGLISH, 400);
      Path f = dir.resolve("bpe.bin");
      t.save(f);
      BytePairTokenizer u = BytePairTokenizer.load(f);
      assertArrayEquals(t.merges(), u.merges());
      String probe = ENGLISH + randomText(new SplittableRandom(3), 500);
      assertArrayEquals(t.encode(probe), u.encode(probe));
      assertEquals(probe, u.decode(t.encode(probe)));
    }

    @Test
    void shouldRefuseEveryTruncation() throws IOException {
      Path f = dir.resolve("bpe.bin");
      BytePairTokenizer.train("aaabdaaabac", 260).save(f);
      byte[] good = Files.readAllBytes(f);
      for (int n = 0; n < good.length; n++) {
        Files.write(f, Arrays.copyOf(good, n));
        assertThrows(DataFormatException.class, () -> BytePairTokenizer.load(f), "length " + n);
      }
    }

    @Test
    void shouldRefuseBadHeadersAndMerges() throws IOException {
      Path f = dir.resolve("bpe.bin");
      Consumer<Path> load = BytePairTokenizer::load;
      Corrupt.assertRefused(f, file("FXBQ", 1, 0), load, 0, "not a byte-pair tokenizer file");
      Corrupt.assertRefused(f, file("FXBP", 9, 0), load, 4, "version 9");
      Corrupt.assertRefused(f, file("FXBP", 1, 1 << 30, 97, 97), load, 8, "1073741824 merges");
      Corrupt.assertRefused(f, file("FXBP", 1, -1), load, 8, "-1 merges");
      Corrupt.assertRefused(f, file("FXBP", 1, 1, 97, 256), load, 12, "[0, 256)");
      Corrupt.assertRefused(f, file("FXBP", 1, 2, 97, 97, 97, 97), load, 20, "repeats the pair");
      Files.write(f, file("FXBP", 1, 2, 97, 97, 256, 98));
      assertEquals(258, BytePairTokenizer.load(f).vocabularySize());
    }

  }
}
