package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Float32TensorTest {
  private static float[] randomFloats(long seed, int n, float lo, float hi) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return f;
  }

  @Nested
  class Casts {
    @Test
    void shouldRoundToNearestAndWidenExactly() {
      Tensor d = Tensor.vector(0.1, 1e40, -1e40, 1.0 / 3, Double.NaN);
      Tensor f = d.cast(DType.FLOAT32);
      assertEquals(DType.FLOAT32, f.dtype());
      float[] got = f.toFloatArray();
      assertEquals(0.1f, got[0]);
      assertEquals(Float.POSITIVE_INFINITY, got[1]);
      assertEquals(Float.NEGATIVE_INFINITY, got[2]);
      assertEquals(1.0f / 3, got[3]);
      assertTrue(Float.isNaN(got[4]));
      assertEquals((double) 0.1f, f.cast(DType.FLOAT64).get(0));
      assertSame(f, f.cast(DType.FLOAT32));
    }

    @Test
    void shouldMakeFloat32FromFactories() {
      assertEquals(DType.FLOAT32, Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).dtype());
      assertEquals(Tensor.of(new float[] {0, 0}, 2), Tensor.zeros(Shape.of(2), DType.FLOAT32));
      assertEquals(Tensor.of(new float[] {1, 1}, 2), Tensor.ones(Shape.of(2), DType.FLOAT32));
      assertEquals(0.1f, Tensor.scalar(0.1, DType.FLOAT32).item());
      assertEquals(DType.FLOAT64, Tensor.zeros(2).dtype());
    }

    @Test
    void shouldRejectBadFloat32ArgumentsClearly() {
      var length = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2));
      assertTrue(length.getMessage().contains("3 values do not fill shape [2, 2]"), length.getMessage());
      var dtype = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(Shape.of(2), null));
      assertTrue(dtype.getMessage().contains("dtype"), dtype.getMessage());
      var target = assertThrows(IllegalArgumentException.class, () -> Tensor.vector(1).cast(null));
      assertTrue(target.getMessage().contains("target"), target.getMessage());
    }

    @Test
    void shouldCopyInAndOut() {
      float[] in = {1, 2};
      Tensor t = Tensor.of(in, 2);
      in[0] = 9;
      float[] out = t.toFloatArray();
      out[1] = 9;
      assertEquals(Tensor.of(new float[] {1, 2}, 2), t);
    }
  }

  @Nested
  class Equality {
    @Test
    void shouldDistinguishDTypesButCompareValuesAcrossThem() {
      Tensor d = Tensor.vector(1, 2);
      Tensor f = d.cast(DType.FLOAT32);
      assertNotEquals(d, f);
      assertTrue(f.allClose(d, 0, 0));
      assertEquals(f, Tensor.of(new float[] {1, 2}, 2));
      assertEquals(f.hashCode(), Tensor.of(new float[] {1, 2}, 2).hashCode());
    }

    @Test
    void shouldPrintFloat32ShortestAndNameTheDType() {
      String s = Tensor.vector(0.1, 2).cast(DType.FLOAT32).toString();
      assertEquals("[0.1, 2] shape=[2] dtype=float32", s);
    }
  }

  @Nested
  class Arithmetic {
    @Test
    void shouldBeExactlyIeeeFloat32ForBasicOperations() {
      float[] a = randomFloats(1, 257, -3, 3);
      float[] b = randomFloats(2, 257, 0.5f, 4);
      Tensor ta = Tensor.of(a, 257);
      Tensor tb = Tensor.of(b, 257);
      float[] sum = ta.plus(tb).toFloatArray();
      float[] diff = ta.minus(tb).toFloatArray();
      float[] prod = ta.times(tb).toFloatArray();
      float[] quot = ta.div(tb).toFloatArray();
      float[] root = tb.sqrt().toFloatArray();
      float[] scaled = ta.times(0.1).toFloatArray();
      float[] shifted = ta.plus(0.1).toFloatArray();
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i] + b[i], sum[i]);
        assertEquals(a[i] - b[i], diff[i]);
        assertEquals(a[i] * b[i], prod[i]);
        assertEquals(a[i] / b[i], quot[i]);
        assertEquals((float) Math.sqrt(b[i]), root[i]);
        assertEquals(a[i] * 0.1f, scaled[i], "a scalar operand is rounded to float32 first");
        assertEquals(a[i] + 0.1f, shifted[i]);
      }
    }

    @Test
    void shouldKeepFloat32ThroughEveryKindOfOperation() {
      Tensor x = Tensor.of(randomFloats(3, 24, -2, 2), 2, 3, 4);
      Tensor m = Tensor.of(randomFloats(4, 12, -2, 2), 4, 3);
      Tensor[] results = {x.exp(), x.tanh(), x.relu(), x.sigmoid(), x.sum(), x.sum(new int[] {1}, true), x.max(),
          x.logSumExp(2, false), x.softmax(2), x.permute(2, 0, 1), x.reshape(6, 4), x.slice(new int[] {0, 0, 0},
          new int[] {2, 3, 4}, new int[] {1, 2, 1}), x.select(1, 2), x.broadcastTo(Shape.of(3, 2, 3, 4)),
          x.matmul(m), x.reshape(6, 4).matmulTransposed(x.reshape(6, 4)), Tensor.concat(0, x, x),
          Tensor.where(x.gt(x.times(0.5)), x, x.unaryMinus())};
      for (Tensor r : results) {
        assertEquals(DType.FLOAT32, r.dtype(), r.toString());
      }
      assertEquals(DType.INT32, x.argmax(2).dtype(), "indices are int32 in either float dtype");
      assertTrue(x.matmul(m).allClose(x.cast(DType.FLOAT64).matmul(m.cast(DType.FLOAT64)), 1e-6, 1e-6));
    }

    @Test
    void shouldSumInFloat64AndRoundOnce() {
      float[] a = new float[1 << 12];
      java.util.Arrays.fill(a, 0.1f);
      double exact = 0;
      for (float v : a) {
        exact += v;
      }
      assertEquals((float) exact, Tensor.of(a, a.length).sum().toFloatArray()[0]);
    }
  }

  @Nested
  class Mixing {
    @Test
    void shouldRejectMixedDTypesNamingBoth() {
      Tensor d = Tensor.vector(1, 2);
      Tensor f = d.cast(DType.FLOAT32);
      var e = assertThrows(IllegalArgumentException.class, () -> d.plus(f));
      assertTrue(e.getMessage().contains("plus") && e.getMessage().contains("float64")
          && e.getMessage().contains("float32"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> f.matmul(d));
      assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, f, d));
      assertThrows(IllegalArgumentException.class, () -> Tensor.where(f, f, d));
    }

    @Test
    void shouldParseDTypeNames() {
      assertEquals(DType.FLOAT32, DType.of("float32"));
      assertEquals(DType.FLOAT32, DType.of(" F32 "));
      assertEquals(DType.FLOAT64, DType.of("double"));
      var e = assertThrows(IllegalArgumentException.class, () -> DType.of("int8"));
      assertTrue(e.getMessage().contains("int8"), e.getMessage());
      assertEquals(Math.ulp(1.0f), DType.FLOAT32.epsilon());
    }
  }
}
