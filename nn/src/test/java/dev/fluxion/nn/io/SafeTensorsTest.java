package dev.fluxion.nn.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir
  Path dir;

  /** A file: 8-byte little-endian {@code n}, then {@code json} (UTF-8), then {@code data}. */
  static byte[] craft(long n, String json, byte[] data) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(n).put(h).put(data).array();
  }

  static byte[] craft(String json, byte[] data) {
    return craft(json.getBytes(StandardCharsets.UTF_8).length, json, data);
  }

  static byte[] f64(double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) {
      b.putDouble(x);
    }
    return b.array();
  }

  private Path file(byte[] bytes) throws IOException {
    return Files.write(dir.resolve("t.safetensors"), bytes);
  }

  @Nested
  class Writing {
    @Test
    void shouldWriteTheExactBytesOfATinyFile() throws IOException {
      Path p = dir.resolve("tiny.safetensors");
      SafeTensors.write(p, LinkedHashMap.of("a", Tensor.vector(1.0, -2.0)).toJavaMap(), LinkedHashMap.of("k", "v1").toJavaMap());
      byte[] bytes = Files.readAllBytes(p);
      String json = "{\"__metadata__\":{\"k\":\"v1\"},\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
      assertEquals(81, json.length());
      byte[] expected = craft(88, json + "       ", f64(1.0, -2.0));
      assertArrayEquals(expected, bytes);
      assertEquals(8 + 88 + 16, bytes.length);
      assertArrayEquals(new byte[] {88, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(bytes, 8));
      assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f}, Arrays.copyOfRange(bytes, 96, 104));
    }

    @Test
    void shouldOmitEmptyMetadataAndWriteScalarsAndEmptyTensors() throws IOException {
      Path p = dir.resolve("s.safetensors");
      SafeTensors.write(p, LinkedHashMap.of("s", Tensor.scalar(3), "e", Tensor.zeros(0, 2)).toJavaMap(), java.util.Map.<String, String>of());
      String json = "{\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
          + "\"e\":{\"dtype\":\"F64\",\"shape\":[0,2],\"data_offsets\":[8,8]}}";
      int padded = (json.length() + 7) / 8 * 8;
      assertArrayEquals(craft(padded, json + " ".repeat(padded - json.length()), f64(3)), Files.readAllBytes(p));
    }

    @Test
    void shouldEscapeNamesLikeSerdeJson() throws IOException {
      Path p = dir.resolve("esc.safetensors");
      String name = "q\"b\\s/n\nt\tc\u0001é";
      SafeTensors.write(p, LinkedHashMap.of(name, Tensor.scalar(1)).toJavaMap(), LinkedHashMap.of("ü", "line\r\n").toJavaMap());
      byte[] bytes = Files.readAllBytes(p);
      int n = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
      assertEquals(0, n % 8);
      String header = new String(bytes, 8, n, StandardCharsets.UTF_8);
      assertTrue(header.startsWith("{\"__metadata__\":{\"ü\":\"line\\r\\n\"},\"q\\\"b\\\\s/n\\nt\\tc\\u0001é\":"), header);
      assertEquals(LinkedHashMap.of(name, Tensor.scalar(1)).toJavaMap(), SafeTensors.read(p).tensors());
    }

    @Test
    void shouldRejectTheReservedName() {
      var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("x"),
          LinkedHashMap.of("__metadata__", Tensor.scalar(1)).toJavaMap(), java.util.Map.<String, String>of()));
      assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }
  }

  @Nested
  class RoundTrip {
    @Test
    void shouldRoundTripTensorsAndMetadataInOrder() throws IOException {
      var tensors = LinkedHashMap.of("z", Tensor.normal(Key.of(1), Shape.of(3, 4, 5), 0, 1),
          "a", Tensor.of(new double[] {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE}, 2, 2),
          "m", Tensor.scalar(Math.PI), "big", Tensor.uniform(Key.of(2), Shape.of(20_000), -1, 1)).toJavaMap();
      var meta = LinkedHashMap.of("step", "10", "note", "héllo \"quoted\"", "empty", "").toJavaMap();
      Path p = dir.resolve("rt.safetensors");
      SafeTensors.write(p, tensors, meta);
      SafeTensors.Contents c = SafeTensors.read(p);
      assertEquals(tensors, c.tensors());
      assertEquals(List.of("z", "a", "m", "big"), c.tensors().keySet().stream().toList());
      assertEquals(meta, c.metadata());
      assertEquals(List.of("step", "note", "empty"), c.metadata().keySet().stream().toList());
    }

    @Test
    void shouldAcceptJdkMaps() throws IOException {
      Path p = dir.resolve("jdk.safetensors");
      java.util.Map<String, Tensor> t = new java.util.LinkedHashMap<>();
      t.put("b", Tensor.vector(1, 2));
      t.put("a", Tensor.vector(3));
      SafeTensors.write(p, t, java.util.Map.of());
      assertEquals(List.of("b", "a"), SafeTensors.read(p).tensors().keySet().stream().toList());
      assertTrue(SafeTensors.read(p).metadata().isEmpty());
    }

    @Test
    void shouldReadF32AsFloat32AndF64AsFloat64() throws IOException {
      ByteBuffer data = ByteBuffer.allocate(16 + 8).order(ByteOrder.LITTLE_ENDIAN);
      data.putFloat(1.5f).putFloat(-0.25f).putFloat(0.1f).putFloat(3e38f).putDouble(7);
      String json = "{\"f\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
          + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
      SafeTensors.Contents c = SafeTensors.read(file(craft(json, data.array())));
      assertEquals(Tensor.of(new float[] {1.5f, -0.25f, 0.1f, 3e38f}, 2, 2), c.tensors().get("f"));
      assertEquals(Tensor.vector(7), c.tensors().get("d"));
    }

    @Test
    void shouldAcceptTensorsStoredOutOfHeaderOrderAndWhitespace() throws IOException {
      String json = " {\"b\" : {\"shape\":[1], \"data_offsets\":[8,16], \"dtype\":\"F64\"},\n"
          + "\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}, \"__metadata__\":{\"\\u00e9\\ud83d\\ude00\":\"x\"}}  ";
      SafeTensors.Contents c = SafeTensors.read(file(craft(json, f64(1, 2))));
      assertEquals(LinkedHashMap.of("b", Tensor.vector(2), "a", Tensor.vector(1)).toJavaMap(), c.tensors());
      assertEquals("x", c.metadata().get("é\uD83D\uDE00"));
    }
  }

  @Nested
  class Atomicity {
    @Test
    void shouldLeaveNoTemporaryFile() throws IOException {
      SafeTensors.write(dir.resolve("a.safetensors"), LinkedHashMap.of("x", Tensor.ones(3)).toJavaMap(), java.util.Map.<String, String>of());
      assertEquals(List.of("a.safetensors"), listing());
    }

    @Test
    void shouldReplaceAnExistingFileWhole() throws IOException {
      Path p = dir.resolve("a.safetensors");
      Files.write(p, new byte[100_000]);
      SafeTensors.write(p, LinkedHashMap.of("x", Tensor.ones(1)).toJavaMap(), java.util.Map.<String, String>of());
      assertEquals(8 + 56 + 8, Files.size(p));
      assertEquals(Tensor.ones(1), SafeTensors.read(p).tensors().get("x"));
      assertEquals(List.of("a.safetensors"), listing());
    }

    @Test
    void shouldRemoveTheTemporaryFileWhenTheMoveFails() throws IOException {
      Path target = dir.resolve("busy");
      Files.createDirectories(target.resolve("child"));
      assertThrows(IOException.class,
          () -> SafeTensors.write(target, LinkedHashMap.of("x", Tensor.ones(1)).toJavaMap(), java.util.Map.<String, String>of()));
      assertEquals(List.of("busy"), listing());
    }

    @Test
    void shouldGiveTheNewFileTheUmaskPermissionsNotOwnerOnly() throws IOException {
      Path p = dir.resolve("a.safetensors");
      SafeTensors.write(p, java.util.Map.of("w", Tensor.ones(2)), java.util.Map.of());
      Path reference = Files.createFile(dir.resolve("reference"));
      assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(p));
    }

    private List<String> listing() throws IOException {
      try (Stream<Path> s = Files.list(dir)) {
        return s.map(p -> p.getFileName().toString()).sorted().toList();
      }
    }
  }

  @Nested
  class Corruption {
    private final String good = "{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";

    private String error(byte[] bytes) throws IOException {
      Path p = file(bytes);
      var e = assertThrows(CheckpointException.class, () -> SafeTensors.read(p));
      assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
      assertEquals(p, e.file());
      return e.getMessage();
    }

    private void assertMentions(String message, String... parts) {
      for (String part : parts) {
        assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
      }
    }

    @Test
    void shouldRejectAFileTooShortForTheLength() throws IOException {
      assertMentions(error(new byte[] {1, 0, 0}), "file is 3 bytes", "too short");
    }

    @Test
    void shouldRejectATruncatedFile() throws IOException {
      byte[] whole = craft(good, f64(1, 2));
      assertMentions(error(Arrays.copyOf(whole, whole.length - 3)), "tensor 'w'", "data_offsets [0, 16]",
          "exceed the 13-byte data buffer");
      assertMentions(error(Arrays.copyOf(whole, 20)), "header length 55", "exceeds the 12 bytes");
    }

    @Test
    void shouldRejectAHeaderLengthLargerThanTheFile() throws IOException {
      assertMentions(error(craft(1000, good, f64(1, 2))), "header length 1000", "file size 79");
    }

    @Test
    void shouldRejectAHugeHeaderLength() throws IOException {
      assertMentions(error(craft(1L << 62, good, f64(1, 2))), "header length 4611686018427387904", "limit");
      assertMentions(error(craft(-1L, good, f64(1, 2))), "header length 18446744073709551615", "limit");
    }

    @Test
    void shouldRejectBadJson() throws IOException {
      assertMentions(error(craft("{\"w\" {}}", new byte[0])), "malformed JSON", "header byte 5", "file byte 13",
          "expected ':'");
      assertMentions(error(craft("{\"w\":{\"dtype\":\"F64\"", new byte[0])), "malformed JSON", "unexpected end");
      assertMentions(error(craft("{} x", new byte[0])), "after the JSON value");
      assertMentions(error(craft("{\"a\":1,\"a\":2}", new byte[0])), "duplicate key \"a\"");
      assertMentions(error(craft("[]", new byte[0])), "the header is an array");
      assertMentions(error(craft("[".repeat(10_000), new byte[0])), "nested deeper");
      assertMentions(error(craft(2, "{", new byte[] {(byte) 0xff, '}'})), "not valid UTF-8");
      assertMentions(error(craft("{\"a\\q\":1}", new byte[0])), "invalid escape");
      assertMentions(error(craft("{\"a\\ud800\":1}", new byte[0])), "unpaired surrogate", "header byte 1");
    }

    @Test
    void shouldRejectUnknownAndUnsupportedDtypes() throws IOException {
      assertMentions(error(craft(good.replace("F64", "F65"), f64(1, 2))), "tensor 'w'", "unknown dtype \"F65\"");
      assertMentions(error(craft(good.replace("F64", "I64"), f64(1, 2))), "tensor 'w'", "I64 is not supported");
    }

    @Test
    void shouldRejectOffsetsOutOfRange() throws IOException {
      String json = "{\"w\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]}}";
      assertMentions(error(craft(json, f64(1, 2))), "tensor 'w'", "data_offsets [0, 24]", "16-byte data buffer",
          "file byte 87");
      assertMentions(error(craft(good.replace("[0,16]", "[16,0]"), f64(1, 2))), "begin after they end");
      assertMentions(error(craft(good.replace("[0,16]", "[0,99999999999999999999]"), f64(1, 2))), "too large");
      assertMentions(error(craft(good.replace("[0,16]", "[0,-16]"), f64(1, 2))), "not a non-negative integer");
      assertMentions(error(craft(good.replace("[0,16]", "[0,16.0]"), f64(1, 2))), "not a non-negative integer");
      assertMentions(error(craft(good.replace("[0,16]", "[0]"), f64(1, 2))), "has 1 entries, expected 2");
    }

    @Test
    void shouldReportTheEndByteOfOffsetsNear2To63WithoutOverflow() throws IOException {
      long begin = Long.MAX_VALUE - 15;
      String json = good.replace("[0,16]", "[" + begin + "," + Long.MAX_VALUE + "]");
      String message = error(craft(json, f64(1, 2)));
      assertMentions(message, "would end at file byte " + java.math.BigInteger.valueOf(Long.MAX_VALUE).add(
          java.math.BigInteger.valueOf(8 + json.length())));
      assertFalse(message.contains("byte -"), message);
    }

    @Test
    void shouldRefuseTensorsBeyondACallerSetLimitBeforeAllocating() throws IOException {
      Path p = file(craft(good, f64(1, 2)));
      assertEquals(Tensor.vector(1, 2), SafeTensors.read(p, SizeLimit.ofBytes(16)).tensors()
          .get("w"));
      var e = assertThrows(CheckpointException.class, () -> SafeTensors.read(p, SizeLimit.ofBytes(15)));
      assertMentions(e.getMessage(), "the data of 1 tensor as loaded needs 16 bytes", "read limit of 15 bytes");
    }

    @Test
    void shouldRejectOverlapsAndGaps() throws IOException {
      String overlap = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
          + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}";
      assertMentions(error(craft(overlap, f64(1, 2, 3))), "tensor 'b' data_offsets [8, 24] overlap tensor 'a' [0, 16]");
      String gap = "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
      assertMentions(error(craft(gap, f64(1, 2))), "data bytes [0, 8) before tensor 'a' belong to no tensor");
      assertMentions(error(craft(good, f64(1, 2, 3))), "data bytes [16, 24) after the last tensor",
          "file bytes [79, 87)");
    }

    @Test
    void shouldRejectShapeSizeMismatches() throws IOException {
      assertMentions(error(craft(good.replace("[2]", "[3]"), f64(1, 2))), "tensor 'w'", "shape [3] of F64 needs 24 bytes",
          "span 16");
      assertMentions(error(craft(good.replace("[2]", "[65536,65536,65536]"), f64(1, 2))), "more than");
      assertMentions(error(craft(good.replace("[2]", "[4294967296]"), f64(1, 2))), "exceeds 2^31-1");
      assertMentions(error(craft(good.replace("[2]", "[0,4294967296]"), f64(1, 2))), "exceeds 2^31-1");
    }

    @Test
    void shouldRejectMalformedEntries() throws IOException {
      assertMentions(error(craft("{\"w\":3}", new byte[0])), "tensor 'w' is a number");
      assertMentions(error(craft(good.replace("\"dtype\":\"F64\",", ""), f64(1, 2))), "has no \"dtype\"");
      assertMentions(error(craft(good.replace("\"dtype\"", "\"dtype\":1,\"x\""), f64(1, 2))), "unexpected field \"x\"");
      assertMentions(error(craft(good.replace("[2]", "\"2\""), f64(1, 2))), "shape is a string");
      assertMentions(error(craft("{\"__metadata__\":{\"k\":1}}", new byte[0])), "value for \"k\" is a number");
      assertMentions(error(craft("{\"__metadata__\":null}", new byte[0])), "__metadata__ is null");
    }
  }
}
