package dev.fluxion.nn.text;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.nn.data.DataFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir
  Path dir;

  private int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Text with long runs without whitespace, multi-byte and supplementary characters. */
  private static String awkwardText(int seed) {
    SplittableRandom g = new SplittableRandom(seed);
    StringBuilder s = new StringBuilder();
    while (s.length() < 5000) {
      s.append(BytePairTokenizerTest.randomText(g, g.nextInt(40))).append(g.nextBoolean() ? " " : "\n\n");
      if (g.nextInt(10) == 0) {
        s.append("é".repeat(g.nextInt(300)));
      }
    }
    return s.toString();
  }

  @Nested
  class Writing {
    @Test
    void shouldEncodeFilesBlockByBlockExactlyAsWholeTexts() throws IOException {
      String a = awkwardText(1);
      String b = BytePairTokenizerTest.ENGLISH + awkwardText(2);
      Path fa = Files.writeString(dir.resolve("a.txt"), a);
      Path fb = Files.writeString(dir.resolve("b.txt"), b);
      BytePairTokenizer bpe = BytePairTokenizer.train(a + b, 700);
      CharTokenizer chars = CharTokenizer.of(a + b);
      for (Tokenizer t : List.of(bpe, chars)) {
        for (int block : new int[] {256, 257, 1000, 1 << 20}) {
          TokenFile f = TokenFile.write(dir.resolve("ids.bin"), t, List.of(fa, fb), block);
          int[] expected = concat(t.encode(a), t.encode(b));
          assertEquals(expected.length, f.size(), t + " block " + block);
          assertArrayEquals(expected, f.read(0, expected.length), t + " block " + block);
          assertEquals(a + b, t.decode(f.read(0, (int) f.size())));
        }
      }
    }

    @Test
    void shouldStoreTwoBytesPerIdUpTo65536IdsAndFourBeyond() {
      int[] ids = {0, 65535, 7};
      TokenFile narrow = TokenFile.write(dir.resolve("n.bin"), 65536, ids);
      assertEquals(2, narrow.width());
      assertArrayEquals(ids, narrow.read(0, 3));
      TokenFile wide = TokenFile.write(dir.resolve("w.bin"), 65537, new int[] {65536, 3});
      assertEquals(4, wide.width());
      assertEquals(65536, wide.get(0));
      assertEquals(TokenFile.HEADER + 6, dir.resolve("n.bin").toFile().length());
    }

    @Test
    void shouldNameUnknownCharactersAndMalformedUtf8WithTheirFile() throws IOException {
      Path f = Files.writeString(dir.resolve("t.txt"), "abcz");
      var e = assertThrows(IllegalArgumentException.class,
          () -> TokenFile.write(dir.resolve("ids.bin"), CharTokenizer.of("abc"), List.of(f)));
      assertTrue(e.getMessage().contains("U+007A 'z' at char index 3 of " + f), e.getMessage());
      Files.write(f, new byte[] {'a', 'b', (byte) 0xff, 'c'});
      var bad = assertThrows(DataFormatException.class,
          () -> TokenFile.write(dir.resolve("ids.bin"), CharTokenizer.of("abc"), List.of(f)));
      assertEquals(2, bad.offset(), bad.getMessage());
      assertFalse(Files.exists(dir.resolve("ids.bin")), "a failed write leaves no file");
      TokenFile raw = TokenFile.write(dir.resolve("ids.bin"), BytePairTokenizer.train("abc", 256), List.of(f));
      assertArrayEquals(new int[] {'a', 'b', 0xff, 'c'}, raw.read(0, 4));
    }

    @Test
    void shouldRefuseIdsOutsideTheVocabulary() {
      var e = assertThrows(IllegalArgumentException.class, () -> TokenFile.write(dir.resolve("x.bin"), 5, new int[] {1, 5}));
      assertTrue(e.getMessage().contains("id 5 at index 1"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> TokenFile.write(dir.resolve("x.bin"), 0, new int[0]));
    }
  }

  @Nested
  class Reading {
    @Test
    void shouldRefuseEveryTruncationAndTrailingBytes() throws IOException {
      Path f = dir.resolve("ids.bin");
      TokenFile.write(f, 300, new int[] {1, 2, 299});
      byte[] good = Files.readAllBytes(f);
      for (int n = 0; n < good.length; n++) {
        Files.write(f, Arrays.copyOf(good, n));
        assertThrows(DataFormatException.class, () -> TokenFile.open(f), "length " + n);
      }
      Files.write(f, Arrays.copyOf(good, good.length + 1));
      var e = assertThrows(DataFormatException.class, () -> TokenFile.open(f));
      assertTrue(e.getMessage().contains("1 trailing bytes"), e.getMessage());
    }

    @Test
    void shouldRefuseBadHeaderFieldsWithTheirOffsets() throws IOException {
      Path f = dir.resolve("ids.bin");
      Consumer<Path> load = TokenFile::open;
      Corrupt.assertRefused(f, header("FXTX", 1, 2, 10, 0), load, 0, "not a token file");
      Corrupt.assertRefused(f, header("FXTK", 2, 2, 10, 0), load, 4, "version 2");
      Corrupt.assertRefused(f, header("FXTK", 1, 3, 10, 0), load, 8, "width 3");
      Corrupt.assertRefused(f, header("FXTK", 1, 2, 70000, 0), load, 12, "vocabulary size 70000");
      Corrupt.assertRefused(f, header("FXTK", 1, 4, 0, 0), load, 12, "vocabulary size 0");
      Corrupt.assertRefused(f, header("FXTK", 1, 2, 10, Long.MAX_VALUE), load, 16, "declares " + Long.MAX_VALUE + " tokens");
      Corrupt.assertRefused(f, header("FXTK", 1, 2, 10, -1), load, 16, "declares -1 tokens");
    }

    @Test
    void shouldNameAStoredIdOutsideTheVocabularyWhenRead() throws IOException {
      Path f = dir.resolve("ids.bin");
      TokenFile.write(f, 10, new int[] {1, 2, 3});
      byte[] b = Files.readAllBytes(f);
      b[TokenFile.HEADER + 2] = 10;
      Files.write(f, b);
      TokenFile t = TokenFile.open(f);
      assertEquals(1, t.get(0));
      var e = assertThrows(DataFormatException.class, () -> t.read(0, 3));
      assertEquals(TokenFile.HEADER + 2, e.offset(), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> t.get(3));
      assertThrows(IllegalArgumentException.class, () -> t.read(2, 2));
    }

    @Test
    void shouldReadAnEmptyFile() {
      TokenFile t = TokenFile.write(dir.resolve("e.bin"), 3, new int[0]);
      assertEquals(0, t.size());
      assertArrayEquals(new int[0], t.read(0, 0));
    }


    private static byte[] header(String magic, int version, int width, int vocab, long count) {
      ByteBuffer b = ByteBuffer.allocate(TokenFile.HEADER + 8).order(ByteOrder.LITTLE_ENDIAN);
      b.put(magic.getBytes(StandardCharsets.ISO_8859_1)).putInt(version).putInt(width).putInt(vocab).putLong(count);
      return b.array();
    }
  }
}
