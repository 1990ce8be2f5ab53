package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.io.SizeLimit;
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
    void shouldReportCorruptGzipAsAnIoError() throws IOException {
      byte[] corrupt = gzip(concat(header(0x08, 100), new byte[100]));
      corrupt[10] = (byte) 0xff;
      var e = assertThrows(UncheckedIOException.class, () -> Idx.read(file("corrupt.gz", corrupt)));
      assertFalse(e.getMessage().endsWith("null"), e.getMessage());
      assertThrows(UncheckedIOException.class, () -> Idx.read(dir.resolve("missing")));
    }

    @Test
    void shouldCallAGzipCutBeforeItsTrailerTruncated() throws IOException {
      byte[] whole = gzip(concat(header(0x08, 100), new byte[100]));
      Path noTrailer = file("cut.gz", Arrays.copyOf(whole, whole.length - 8));
      var e = fails(noTrailer, 108);
      assertTrue(e.getMessage().contains("truncated: the gzip stream ends early"), e.getMessage());
      assertFalse(e.getMessage().contains("null"), e.getMessage());
      var early = assertThrows(DataFormatException.class, () -> Idx.read(file("early.gz", Arrays.copyOf(whole, 12))));
      assertTrue(early.getMessage().contains("truncated"), early.getMessage());
    }
  }

  @Nested
  class Limits {
    /** The bomb: 2^28 zero bytes behind a [16384, 16384] unsigned-byte header, gzipped to a few hundred KB. */
    private Path bomb() throws IOException {
      Path p = dir.resolve("bomb-idx3-ubyte.gz");
      try (var gz = new GZIPOutputStream(Files.newOutputStream(p), 1 << 16)) {
        gz.write(header(0x08, 1 << 14, 1 << 14));
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < 1 << 8; i++) {
          gz.write(zeros);
        }
      }
      return p;
    }

    @Test
    void shouldRefuseAGzipBombBeforeAllocating() throws IOException {
      Path p = bomb();
      assertTrue(Files.size(p) < 1 << 20, "the bomb is small on disk: " + Files.size(p));
      var e = assertThrows(DataFormatException.class, () -> Idx.read(p, SizeLimit.ofBytes(1L << 30)));
      assertEquals(4, e.offset());
      assertTrue(e.getMessage().contains("shape [16384, 16384] of UNSIGNED_BYTE (268435456 elements, decoded at 8 bytes each)"
          + " needs 2415919104 bytes (2.3 GiB) in memory, more than the read limit of 1073741824 bytes (1.0 GiB)"),
          e.getMessage());
    }

    @Test
    void shouldLetAFileWithinACallerSetLimitThrough() {
      Path p = dir.resolve("legit");
      Tensor t = Tensor.zeros(10, 100);
      Idx.write(p, t, Idx.DataType.UNSIGNED_BYTE, true);
      assertEquals(t, Idx.read(p, SizeLimit.ofBytes(9 * 1000)), "1000 bytes + 1000 doubles fit exactly");
      assertThrows(DataFormatException.class, () -> Idx.read(p, SizeLimit.ofBytes(9 * 1000 - 1)));
      assertEquals(t, Idx.read(p));
    }

    @Test
    void shouldSizeTheDefaultLimitToTheHeap() {
      assertEquals(Runtime.getRuntime().maxMemory(), SizeLimit.heap().bytes());
    }

    @Test
    void shouldPassTheLimitThroughMnist() {
      for (String split : new String[] {"train", "t10k"}) {
        Idx.write(dir.resolve(split + "-images-idx3-ubyte"), Tensor.zeros(2, 28, 28), Idx.DataType.UNSIGNED_BYTE, false);
        Idx.write(dir.resolve(split + "-labels-idx1-ubyte"), Tensor.zeros(2), Idx.DataType.UNSIGNED_BYTE, false);
      }
      assertEquals(2, Mnist.load(dir, SizeLimit.ofBytes(9 * 2 * 784)).train().size());
      var e = assertThrows(DataFormatException.class, () -> Mnist.load(dir, SizeLimit.ofBytes(9 * 2 * 784 - 1)));
      assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }
  }

  @Nested
  class AtomicWrites {
    @Test
    void shouldReplaceWholeLeavingNoTemporaryFileWithTheUmaskPermissions() throws IOException {
      Path p = dir.resolve("x-idx1-ubyte");
      Idx.write(p, Tensor.vector(1, 2, 3), Idx.DataType.UNSIGNED_BYTE, false);
      Idx.write(p, Tensor.vector(4, 5), Idx.DataType.UNSIGNED_BYTE, false);
      assertEquals(Tensor.vector(4, 5), Idx.read(p));
      try (var files = Files.list(dir)) {
        assertEquals(java.util.List.of(p), files.toList());
      }
      Path reference = Files.createFile(dir.resolve("reference"));
      assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(p));
    }
  }
}
