package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ErrorFunction}'s SIMD loops against its scalar kernel, bit for bit, on every length and on both
 * branches, their border ({@code |x| = 1/2}), the cut at 6, signed zeros, infinities and NaN, in both
 * dtypes (the kernel's accuracy is {@code ErfTest}'s).
 */
class ErrorFunctionTest {
  private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
      0.5, -0.5, Math.nextDown(0.5), Math.nextUp(-0.5), 6.0, -6.0, Math.nextDown(6.0), -Math.nextDown(6.0), 5.9375,
      1e-300, -1e-300, Double.MIN_VALUE, 47.5 / 8, 0.5625, 3.0625};

  @Test
  void shouldGiveTheScalarBitsInEveryLoop() {
    SplittableRandom g = new SplittableRandom(9);
    for (int n : new int[] {0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 100, 4099}) {
      double[] x = new double[n + 2];
      float[] xf = new float[n + 2];
      for (int i = 0; i < x.length; i++) {
        x[i] = i % 7 == 3 ? SPECIAL[i % SPECIAL.length] : i % 3 == 0 ? g.nextDouble(-0.6, 0.6) : g.nextGaussian() * 3;
        xf[i] = (float) x[i];
      }
      double[] r = new double[n + 1];
      float[] rf = new float[n + 1];
      ErrorFunction.erf(x, 2, r, 1, n);
      ErrorFunction.erf(xf, 2, rf, 1, n);
      for (int i = 0; i < n; i++) {
        assertEquals(Double.doubleToRawLongBits(ErrorFunction.erf(x[2 + i])), Double.doubleToRawLongBits(r[1 + i]),
            "erf(" + x[2 + i] + "), " + n + " elements");
        assertEquals(Float.floatToRawIntBits((float) ErrorFunction.erf(xf[2 + i])), Float.floatToRawIntBits(rf[1 + i]),
            "float32 erf(" + xf[2 + i] + "), " + n + " elements");
      }
    }
  }

  @Test
  void shouldRunTheSimdLoopsUnderTest() throws ReflectiveOperationException {
    var field = ErrorFunction.class.getDeclaredField("VECTOR");
    field.setAccessible(true);
    assertNotNull(field.get(null), "the tests run with jdk.incubator.vector: the SIMD loops must load");
  }
}
