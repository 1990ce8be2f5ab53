package dev.fluxion.nn.io;

import static dev.fluxion.autodiff.expr.Fx.constant;
import static dev.fluxion.nn.io.SafeTensorsTest.craft;
import static dev.fluxion.nn.io.SafeTensorsTest.f64;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** safetensors dtypes: F64/F32 written and read in their own dtype, F16/BF16 widened exactly to float32. */
class SafeTensorsDTypesTest {
  record Layer(Expr w, Expr b) {}

  @TempDir
  Path dir;

  /** Half-precision bits and the float32 value each stands for (from the IEEE 754 binary16 layout). */
  private static final short[] HALF_BITS = {0x3C00, (short) 0xC000, 0x3555, 0x0400, 0x0001, 0x03FF, 0x7BFF,
      0x7C00, (short) 0xFC00, (short) 0x8000, 0x7E00};
  private static final float[] HALF_VALUES = {1f, -2f, 0.333251953125f, 0x1p-14f, 0x1p-24f, 1023 * 0x1p-24f, 65504f,
      Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.NaN};
  /** bfloat16 bits (the top half of a float32) and their values. */
  private static final short[] BF16_BITS = {0x3F80, (short) 0xC049, 0x0001, 0x7F7F, 0x7F80, (short) 0xFF80,
      (short) 0x8000, 0x7FC0};
  private static final float[] BF16_VALUES = {1f, -3.140625f, 0x1p-133f, 0x1.FEp127f, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, -0f, Float.NaN};
  private static final float[] F32_VALUES = {0.1f, -1e-45f, Float.MAX_VALUE, -0f, Float.NaN, 1.17549435E-38f};

  private static byte[] shorts(short... v) {
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (short x : v) {
      b.putShort(x);
    }
    return b.array();
  }

  private static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer b = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  /** A file as PyTorch's safetensors writer lays it out: {@code __metadata__} {"format": "pt"}, F32, F16 and BF16 tensors. */
  private Path torchStyleFile() throws IOException {
    int f32 = 4 * F32_VALUES.length;
    int f16 = 2 * HALF_BITS.length;
    int bf16 = 2 * BF16_BITS.length;
    String json = "{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"f32\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0," + f32 + "]},"
        + "\"f16\":{\"dtype\":\"F16\",\"shape\":[" + HALF_BITS.length + "],\"data_offsets\":[" + f32 + "," + (f32 + f16)
        + "]},"
        + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[2,4],\"data_offsets\":[" + (f32 + f16) + "," + (f32 + f16 + bf16)
        + "]}}";
    byte[] data = concat(floats(F32_VALUES), shorts(HALF_BITS), shorts(BF16_BITS));
    return Files.write(dir.resolve("torch.safetensors"), craft(json, data));
  }

  /** A template like {@code tree}: zeros of each leaf's shape and dtype. */
  private static <T> T zeros(T tree) {
    return Trees.mapTensors(tree, t -> Tensor.zeros(t.shape(), t.dtype()));
  }

  private static void assertSameBits(float[] expected, Tensor actual) {
    assertEquals(DType.FLOAT32, actual.dtype());
    float[] a = actual.toFloatArray();
    assertEquals(expected.length, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(a[i]), "element " + i + ": " + a[i]);
    }
  }

  @Nested
  class Reading {
    @Test
    void shouldReadF32F16AndBf16AsFloat32ExactlyWithSubnormalsInfinitiesNanAndNegativeZero() throws IOException {
      SafeTensors.Contents c = SafeTensors.read(torchStyleFile());
      assertEquals(List.of("f32", "f16", "bf16"), List.copyOf(c.tensors().keySet()));
      assertEquals(Map.of("format", "pt"), c.metadata());
      assertSameBits(F32_VALUES, c.tensors().get("f32"));
      assertSameBits(HALF_VALUES, c.tensors().get("f16"));
      assertSameBits(BF16_VALUES, c.tensors().get("bf16"));
      assertEquals(Shape.of(2, 4), c.tensors().get("bf16").shape());
    }

    @Test
    void shouldDecodeEveryHalfLikeTheJdk() {
      for (int h = 0; h < 1 << 16; h++) {
        float mine = dev.fluxion.nn.io.DType.halfToFloat((short) h);
        float jdk = Float.float16ToFloat((short) h);
        assertEquals(Float.floatToRawIntBits(jdk), Float.floatToRawIntBits(mine), "half bits 0x" + Integer.toHexString(h));
      }
    }

    @Test
    void shouldLoadATorchStyleFloat32FileIntoAFloat32ModelUnchanged() throws IOException {
      float[] b = {0x1p-149f, -7.25f};
      String json = "{\"__metadata__\":{\"format\":\"pt\"},"
          + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
          + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]}}";
      Path p = Files.write(dir.resolve("model.safetensors"), craft(json, concat(floats(b), floats(F32_VALUES))));
      Layer template = new Layer(constant(Tensor.zeros(Shape.of(2, 3), DType.FLOAT32)),
          constant(Tensor.zeros(Shape.of(2), DType.FLOAT32)));
      Layer loaded = Checkpoint.loadWeights(p, template);
      assertSameBits(F32_VALUES, ((dev.fluxion.autodiff.expr.Const) loaded.w()).value());
      assertSameBits(b, ((dev.fluxion.autodiff.expr.Const) loaded.b()).value());
      var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(torchStyleFile(), template));
      assertTrue(e.getMessage().contains("missing tensor 'w' of shape [2, 3] (the file has 3 tensors: f32, f16, bf16)"),
          e.getMessage());
    }
  }

  @Nested
  class Writing {
    @Test
    void shouldWriteFloat32AsF32AndFloat64AsF64AndReadThemBackBitForBit() throws IOException {
      Tensor single = Tensor.of(F32_VALUES, Shape.of(3, 2));
      Tensor dbl = Tensor.of(new double[] {0.1, -0.0, Double.MIN_VALUE, 1e300}, Shape.of(4));
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      tensors.put("s", single);
      tensors.put("d", dbl);
      Path p = dir.resolve("mixed.safetensors");
      SafeTensors.write(p, tensors, Map.of());
      byte[] bytes = Files.readAllBytes(p);
      String json = "{\"s\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]},"
          + "\"d\":{\"dtype\":\"F64\",\"shape\":[4],\"data_offsets\":[24,56]}}";
      int padded = (json.length() + 7) / 8 * 8;
      byte[] expected = craft(padded, json + " ".repeat(padded - json.length()),
          concat(floats(F32_VALUES), f64(0.1, -0.0, Double.MIN_VALUE, 1e300)));
      assertArrayEquals(expected, bytes);
      SafeTensors.Contents c = SafeTensors.read(p);
      assertEquals(tensors, c.tensors());
      assertSameBits(F32_VALUES, c.tensors().get("s"));
    }
  }

  @Nested
  class Checkpoints {
    private final Layer f32 = new Layer(constant(Tensor.normal(Key.of(4), Shape.of(3, 2), 0, 1).cast(DType.FLOAT32)),
        constant(Tensor.of(new float[] {0x1p-140f, -0f}, Shape.of(2))));

    @Test
    void shouldSaveAFloat32ModelAsF32AndLoadItBackBitForBit() throws IOException {
      Path p = dir.resolve("ckpt.safetensors");
      Checkpoint.save(p, f32, null, 7);
      String header = new String(Files.readAllBytes(p), 8, 200, StandardCharsets.UTF_8);
      assertTrue(header.contains("\"params/w\":{\"dtype\":\"F32\""), header);
      Layer loaded = Checkpoint.load(p, zeros(f32));
      assertEquals(Trees.tensors(f32), Trees.tensors(loaded));
      assertSameBits(new float[] {0x1p-140f, -0f}, ((dev.fluxion.autodiff.expr.Const) loaded.b()).value());
    }

    @Test
    void shouldWidenFloat32DataExactlyIntoAFloat64Model() throws IOException {
      Path p = dir.resolve("ckpt.safetensors");
      Checkpoint.save(p, f32, null, 7);
      Layer f64 = Trees.mapTensors(f32, t -> t.cast(DType.FLOAT64));
      Layer loaded = Checkpoint.load(p, zeros(f64));
      assertEquals(Trees.tensors(f64), Trees.tensors(loaded));
    }

    @Test
    void shouldRoundFloat64DataIntoAFloat32ModelAsPyTorchCopiesIntoTheParameterDType() throws IOException {
      Path p = dir.resolve("ckpt.safetensors");
      Layer f64 = new Layer(constant(Tensor.normal(Key.of(5), Shape.of(3, 2), 0, 1)), constant(Tensor.vector(0.1, 1e-50)));
      Checkpoint.save(p, f64, null, 1);
      Layer loaded = Checkpoint.load(p, zeros(f32));
      assertEquals(Trees.tensors(Trees.mapTensors(f64, t -> t.cast(DType.FLOAT32))), Trees.tensors(loaded));
    }

    @Test
    void shouldRefuseAFloat64ValueThatOverflowsAFloat32Leaf() throws IOException {
      Path p = dir.resolve("ckpt.safetensors");
      Checkpoint.save(p, new Layer(constant(Tensor.zeros(3, 2)), constant(Tensor.vector(1, 1e39))), null, 1);
      var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(p, zeros(f32)));
      assertTrue(e.getMessage().contains("tensor 'params/b' element 1 = 1.0E39 (F64) is beyond float32's range"),
          e.getMessage());
    }
  }

  @Nested
  class Corruption {
    private String error(String json, byte[] data) throws IOException {
      Path p = Files.write(dir.resolve("bad.safetensors"), craft(json, data));
      return assertThrows(CheckpointException.class, () -> SafeTensors.read(p)).getMessage();
    }

    @Test
    void shouldRejectMisspelledDtypeNames() throws IOException {
      for (String name : List.of("f16", "FP16", "BF 16", "float32", "")) {
        String m = error("{\"w\":{\"dtype\":\"" + name + "\",\"shape\":[2],\"data_offsets\":[0,4]}}", shorts((short) 1, (short) 2));
        assertTrue(m.contains("tensor 'w': unknown dtype \"" + name + "\""), m);
      }
    }

    @Test
    void shouldRejectSizeMismatchesOfTheNarrowTypes() throws IOException {
      String m = error("{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}", shorts((short) 1, (short) 2, (short) 3, (short) 4));
      assertTrue(m.contains("tensor 'h': shape [3] of F16 needs 6 bytes but data_offsets [0, 8] span 8"), m);
      m = error("{\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,4]}}", shorts((short) 1, (short) 2));
      assertTrue(m.contains("shape [2, 2] of BF16 needs 8 bytes but data_offsets [0, 4] span 4"), m);
      m = error("{\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", f64(1, 2));
      assertTrue(m.contains("shape [2] of F32 needs 8 bytes but data_offsets [0, 16] span 16"), m);
    }

    @Test
    void shouldStillRefuseTypesItDoesNotRead() throws IOException {
      String m = error("{\"i\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
      assertTrue(m.contains("dtype F8_E4M3 is not supported (Fluxion reads F64, F32, F16 and BF16)"), m);
    }
  }
}
