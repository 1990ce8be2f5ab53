package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir
  Path dir;

  /** An IDX header: magic {@code 0 0 type rank} and the dimensions, big-endian. */
  static byte[] header(int type, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(content);
    }
    return bytes.toByteArray();
  }

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private DataFormatException fails(Path p, long offset) {
    var e = assertThrows(DataFormatException.class, () -> Idx.read(p));
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("byte offset " + offset), e.getMessage());
    return e;
  }

  @Nested
  class RoundTrip {
    private final Tensor images = Tensor.of(new double[] {0, 1, 2, 127, 128, 255, 9, 8, 7, 6, 5, 4}, 2, 2, 3);

    @Test
    void shouldRoundTripUnsignedBytesPlainAndGzipped() {
      for (boolean gz : new boolean[] {false, true}) {
        Path p = dir.resolve("images" + gz);
        Idx.write(p, images, Idx.DataType.UNSIGNED_BYTE, gz);
        assertEquals(images, Idx.read(p));
      }
    }

    @Test
    void shouldRoundTripEveryDataType() {
      Tensor small = Tensor.vector(-3, 0, 100);
      for (Idx.DataType t : Idx.DataType.values()) {
        Tensor v = t == Idx.DataType.UNSIGNED_BYTE ? small.abs() : small;
        Path p = dir.resolve(t.name());
        Idx.write(p, v, t, false);
        assertEquals(v, Idx.read(p), t.name());
      }
      Tensor precise = Tensor.vector(Math.PI, -1e300);
      Idx.write(dir.resolve("d"), precise, Idx.DataType.DOUBLE, true);
      assertEquals(precise, Idx.read(dir.resolve("d")));
    }

    @Test
    void shouldDetectGzipByMagicBytesNotByName() throws IOException {
      byte[] plain = concat(header(0x08, 3), new byte[] {1, 2, 3});
      assertEquals(Tensor.vector(1, 2, 3), Idx.read(file("labels.idx", gzip(plain))));
      assertEquals(Tensor.vector(1, 2, 3), Idx.read(file("labels.gz", plain)));
    }

    @Test
    void shouldRefuseValuesThatDoNotFitTheType() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Idx.write(dir.resolve("x"), Tensor.vector(1, 256), Idx.DataType.UNSIGNED_BYTE, false));
      assertTrue(e.getMessage().contains("index 1"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> Idx.write(dir.resolve("x"), Tensor.vector(0.5), Idx.DataType.INT, false));
    }
  }

  @Nested
  class Corruption {
    @Test
    void shouldRejectABadMagicNumber() throws IOException {
      var e = fails(file("bad", concat(new byte[] {8, 3, 8, 1}, new byte[] {0, 0, 0, 0})), 0);
      assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void shouldRejectAnUnknownDtype() throws IOException {
      var e = fails(file("dtype", concat(header(0x07, 2), new byte[] {1, 2})), 2);
      assertTrue(e.getMessage().contains("0x07"), e.getMessage());
    }

    @Test
    void shouldRejectRankZeroAndATruncatedHeader() throws IOException {
      fails(file("rank0", header(0x08)), 3);
      fails(file("short", Arrays.copyOf(header(0x08, 5, 5), 9)), 9);
      fails(file("tiny", new byte[] {0, 0}), 2);
    }

    @Test
    void shouldRejectTruncatedData() throws IOException {
      byte[] content = concat(header(0x08, 2, 5), new byte[7]);
      var e = fails(file("trunc", content), 19);
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      fails(file("trunc.gz", gzip(content)), 19);
    }

    @Test
    void shouldRejectTrailingBytes() throws IOException {
      byte[] content = concat(header(0x0C, 2), new byte[12]);
      fails(file("long", content), 16);
      fails(file("long.gz", gzip(content)), 16);
    }

    @Test
    void shouldRejectAHugeClaimOnATinyFileWithoutAllocating() throws IOException {
      byte[] claim = concat(header(0x08, 1 << 16, 1 << 15), new byte[] {1, 2, 3});
      var e = fails(file("huge", claim), 8);
      assertTrue(e.getMessage().contains(String.valueOf(Idx.MAX_ELEMENTS)), e.getMessage());
      fails(file("huge.gz", gzip(claim)), 8);
      fails(file("negative", concat(header(0x08, -1), new byte[1])), 4);
    }

    @Test
    void shouldCheckAClaimBelowTheCapAgainstTheActualContent() throws IOException {
      byte[] claim = concat(header(0x0E, 10_000, 10_000), new byte[16]);
      fails(file("big", claim), claim.length);
      fails(file("big.gz", gzip(claim)), claim.length);
    }

    @Test
    void shouldReportBrokenGzipAsAnIoError() throws IOException {
      byte[] broken = Arrays.copyOf(gzip(concat(header(0x08, 100), new byte[100])), 12);
      assertThrows(UncheckedIOException.class, () -> Idx.read(file("broken.gz", broken)));
      assertThrows(UncheckedIOException.class, () -> Idx.read(dir.resolve("missing")));
    }
  }
}
