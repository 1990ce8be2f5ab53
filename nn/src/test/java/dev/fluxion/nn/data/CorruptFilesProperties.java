package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.io.CheckpointException;
import dev.fluxion.nn.io.SafeTensors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted files of every format the library reads: a reader either returns data or throws its
 * documented exception with a message naming the file — never an internal error (NPE, index or
 * negative-size exceptions, an OutOfMemoryError from a header value, a message ending in "null").
 */
class CorruptFilesProperties {
  private static final long SEED = 20261203L;
  private static final int CASES_PER_FORMAT = 60;
  /** Bytes that confuse parsers: quotes, separators, line ends, a UTF-8 byte-order mark, JSON. */
  private static final byte[] JUNK = "\",\n\r{}[]:x9-.e\0".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  /** One way to read a file; returns normally or throws. */
  private interface Reader {
    void read(Path file) throws IOException;
  }

  @Nested
  class Idx {
    @Test
    void shouldReadOrRejectCorruptPlainFiles() throws IOException {
      byte[] good = idx(false);
      fuzz("idx", good, f -> dev.fluxion.nn.data.Idx.read(f));
    }

    @Test
    void shouldReadOrRejectCorruptGzipFiles() throws IOException {
      byte[] good = idx(true);
      fuzz("idx.gz", good, f -> dev.fluxion.nn.data.Idx.read(f));
    }

    @Test
    void shouldReadOrRejectCorruptMnistDirectories() throws IOException {
      Path ok = dir.resolve("mnist-good");
      Files.createDirectories(ok);
      Tensor images = Tensor.of(new double[2 * 28 * 28], Shape.of(2, 28, 28));
      dev.fluxion.nn.data.Idx.write(ok.resolve("train-images-idx3-ubyte.gz"), images,
          dev.fluxion.nn.data.Idx.DataType.UNSIGNED_BYTE, true);
      dev.fluxion.nn.data.Idx.write(ok.resolve("train-labels-idx1-ubyte.gz"), Tensor.vector(3, 9),
          dev.fluxion.nn.data.Idx.DataType.UNSIGNED_BYTE, true);
      assertEquals(2, Mnist.load(ok, "train").size());
      byte[] labels = Files.readAllBytes(ok.resolve("train-labels-idx1-ubyte.gz"));
      SplittableRandom rnd = new SplittableRandom(SEED + 7);
      for (int i = 0; i < CASES_PER_FORMAT; i++) {
        Path d = dir.resolve("mnist-" + i);
        Files.createDirectories(d);
        Files.copy(ok.resolve("train-images-idx3-ubyte.gz"), d.resolve("train-images-idx3-ubyte.gz"));
        Path f = d.resolve("train-labels-idx1-ubyte.gz");
        Files.write(f, mutate(gunzipOrSame(labels), rnd, true));
        check(f, "mnist labels case " + i, file -> Mnist.load(d, "train"));
      }
    }
  }

  @Nested
  class SafeTensorsFiles {
    @Test
    void shouldReadOrRejectCorruptFiles() throws IOException {
      Path f = dir.resolve("good.safetensors");
      SafeTensors.write(f, Map.of("w", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3)),
          "b", Tensor.vector(0.5, -0.5)), Map.of("k", "v"));
      fuzz("safetensors", Files.readAllBytes(f), file -> SafeTensors.read(file));
    }
  }

  @Nested
  class CsvFiles {
    @Test
    void shouldReadOrRejectCorruptFiles() throws IOException {
      byte[] good = "a,b,label\n1.5,2,0\n-3,4e-2,1\n5,6,2\n".getBytes(StandardCharsets.UTF_8);
      fuzz("csv", good, f -> Csv.read(f, CsvOptions.defaults().withHeader(true).withLabel("label")));
    }
  }

  private void fuzz(String ext, byte[] good, Reader reader) throws IOException {
    Path ok = dir.resolve("good." + ext);
    Files.write(ok, good);
    reader.read(ok);
    boolean gz = ext.endsWith(".gz");
    byte[] plain = gz ? gunzipOrSame(good) : good;
    SplittableRandom rnd = new SplittableRandom(SEED + ext.hashCode());
    for (int i = 0; i < CASES_PER_FORMAT; i++) {
      byte[] bad = mutate(plain, rnd, false);
      Path f = dir.resolve("case-" + i + "." + ext);
      Files.write(f, gz && rnd.nextInt(4) != 0 ? gzip(bad) : gz ? truncate(gzip(plain), rnd) : bad);
      check(f, ext + " case " + i, reader);
    }
  }

  private static void check(Path f, String what, Reader reader) {
    try {
      reader.read(f);
    } catch (DataFormatException | CheckpointException | UncheckedIOException e) {
      assertNamesFile(f, what, e);
    } catch (IOException e) {
      assertNamesFile(f, what, e);
    } catch (Throwable t) {
      fail(what + ": internal error " + t + " reading " + f, t);
    }
  }

  private static void assertNamesFile(Path f, String what, Exception e) {
    String m = String.valueOf(e.getMessage());
    assertTrue(m.contains(f.getFileName().toString()), what + ": message does not name the file: " + m);
    assertTrue(!m.endsWith("null") && !m.contains(": null"), what + ": message says null: " + m);
  }

  /** A random corruption: truncation, byte flips, a huge 32-bit or 64-bit value, or inserted bytes. */
  private static byte[] mutate(byte[] in, SplittableRandom rnd, boolean gzipAfter) throws IOException {
    byte[] b = in.clone();
    switch (rnd.nextInt(5)) {
      case 0 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
      case 1 -> {
        for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
        }
      }
      case 2 -> {
        int at = rnd.nextInt(Math.max(1, Math.min(b.length - 4, 24)));
        int v = rnd.nextBoolean() ? Integer.MAX_VALUE - rnd.nextInt(3) : 1 << (20 + rnd.nextInt(11));
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
      }
      case 3 -> {
        long v = rnd.nextBoolean() ? Long.MAX_VALUE - rnd.nextInt(3) : 1L << (30 + rnd.nextInt(33));
        int at = Math.min(rnd.nextInt(8), b.length - 8);
        for (int k = 0; k < 8 && at >= 0; k++) {
          b[at + k] = (byte) (v >>> (8 * k));
        }
      }
      default -> {
        int at = rnd.nextInt(b.length + 1);
        byte[] junk = new byte[1 + rnd.nextInt(8)];
        for (int k = 0; k < junk.length; k++) {
          junk[k] = JUNK[rnd.nextInt(JUNK.length)];
        }
        byte[] out = new byte[b.length + junk.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, junk.length);
        System.arraycopy(b, at, out, at + junk.length, b.length - at);
        b = out;
      }
    }
    return gzipAfter ? gzip(b) : b;
  }

  private static byte[] truncate(byte[] b, SplittableRandom rnd) {
    return Arrays.copyOf(b, 1 + rnd.nextInt(b.length - 1));
  }

  private static byte[] idx(boolean gz) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2});
    for (int i = 0; i < 12; i++) {
      out.write(i * 20);
    }
    return gz ? gzip(out.toByteArray()) : out.toByteArray();
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] gunzipOrSame(byte[] b) throws IOException {
    if (b.length < 2 || b[0] != 0x1f || b[1] != (byte) 0x8b) {
      return b;
    }
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      return in.readAllBytes();
    }
  }
}
