package dev.fluxion.nn.text;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.data.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
  /** Where Debian's {@code fortunes} installs the files; {@code -Dfluxion.fortunes=DIR} overrides. */
  static final Path FORTUNES = Path.of(System.getProperty("fluxion.fortunes", Corpus.FORTUNES.toString()));

  @TempDir
  Path dir;

  @Nested
  class SmallFiles {
    @Test
    void shouldConcatenateThePlainTextFilesSortedByName() throws IOException {
      Files.writeString(dir.resolve("zen"), "Z\n%\n");
      Files.writeString(dir.resolve("art"), "A\n%\n");
      Files.write(dir.resolve("art.dat"), new byte[] {0, 0, 0, 2, (byte) 0xff});
      Files.createSymbolicLink(dir.resolve("art.u8"), dir.resolve("art"));
      Files.createSymbolicLink(dir.resolve("other"), dir.resolve("art"));
      Files.writeString(dir.resolve(".hidden"), "H");
      Files.createDirectory(dir.resolve("off"));
      assertEquals(List.of(dir.resolve("art"), dir.resolve("zen")), Corpus.fortuneFiles(dir));
      assertEquals("A\n%\nZ\n%\n", Corpus.fortunes(dir));
    }

    @Test
    void shouldGiveTheInstallHintWhenTheFortunesAreMissing() throws IOException {
      var e = assertThrows(UncheckedIOException.class, () -> Corpus.fortunes(dir.resolve("none")));
      assertEquals("no fortunes at " + dir.resolve("none") + ": sudo apt-get install fortunes", e.getMessage());
      Files.write(dir.resolve("only.dat"), new byte[4]);
      var empty = assertThrows(UncheckedIOException.class, () -> Corpus.fortunes(dir));
      assertTrue(empty.getMessage().endsWith(Corpus.FORTUNES_HINT), empty.getMessage());
    }

    @Test
    void shouldNameTheOffsetOfMalformedUtf8() throws IOException {
      Path f = dir.resolve("latin1");
      Files.write(f, "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
      var e = assertThrows(DataFormatException.class, () -> Corpus.read(f));
      assertEquals(3, e.offset(), e.getMessage());
    }
  }

  @Test
  void shouldTrainBytePairsOnTheFortunesAndRoundTripTheWholeCorpus() {
    assumeTrue(Files.isDirectory(FORTUNES), "SKIPPED: the fortunes are not installed at " + FORTUNES + " ("
        + Corpus.FORTUNES_HINT + ")");
    String text = Corpus.fortunes(FORTUNES);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertTrue(bytes.length > 1_000_000, "the fortunes hold " + bytes.length + " bytes");
    byte[] mb = new byte[1 << 20];
    System.arraycopy(bytes, 0, mb, 0, mb.length);
    long t0 = System.nanoTime();
    BytePairTokenizer bpe = BytePairTokenizer.train(mb, 512);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("BPE: trained on %d bytes of fortunes to vocabulary %d in %.2f s%n", mb.length,
        bpe.vocabularySize(), seconds);
    assertEquals(512, bpe.vocabularySize());
    assertTrue(seconds < 30, "training took " + seconds + " s");
    int[] ids = bpe.encode(text);
    assertEquals(text, bpe.decode(ids));
    System.out.printf("BPE: %d bytes -> %d tokens (%.2f bytes a token)%n", bytes.length, ids.length,
        bytes.length / (double) ids.length);
    assertTrue(ids.length < 0.6 * bytes.length, ids.length + " tokens for " + bytes.length + " bytes");
  }

  @Test
  void shouldWriteTheFortunesAsATokenFileAndSampleWindows() {
    assumeTrue(Files.isDirectory(FORTUNES), "SKIPPED: the fortunes are not installed at " + FORTUNES + " ("
        + Corpus.FORTUNES_HINT + ")");
    String text = Corpus.fortunes(FORTUNES);
    CharTokenizer chars = CharTokenizer.of(text);
    TokenFile f = TokenFile.write(dir.resolve("fortunes.bin"), chars, Corpus.fortuneFiles(FORTUNES));
    assertEquals(text.codePointCount(0, text.length()), f.size());
    assertEquals(2, f.width());
    TokenWindows.Split split = TokenWindows.of(f, 128).split(0.1);
    TokenBatch b = split.train().batches(Key.of(0), 0, 16).iterator().next();
    assertEquals(16, b.size());
    String x = chars.decode(b.input(0));
    assertTrue(text.contains(x + chars.decode(new int[] {b.target(0)[127]})));
  }
}
