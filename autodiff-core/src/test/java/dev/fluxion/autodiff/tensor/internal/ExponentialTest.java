package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Exponential}: within 1 ulp of {@code StrictMath.exp} (correctly rounded to within 1 ulp) over
 * the whole finite range and at the edges, and its SIMD loops bit-identical to the scalar kernel on
 * every length (full vectors and tails), in both dtypes, sums included. The tests run with the Vector
 * API module, so the SIMD loops are the ones checked.
 */
class ExponentialTest {
  private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
      709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, -708.4, -720, 1e-300, -1e-300, 1,
      -1, 0.5 * Math.log(2), -0.5 * Math.log(2), 1024 * Math.log(2), -1074 * Math.log(2), Double.MIN_VALUE,
      Double.MAX_VALUE, -Double.MAX_VALUE};

  @Test
  void shouldBeWithinOneUlpOfTheCorrectlyRoundedValue() {
    SplittableRandom g = new SplittableRandom(3);
    double worst = 0;
    for (int i = 0; i < 400_000; i++) {
      double x = i % 2 == 0 ? g.nextDouble(-750, 712) : g.nextDouble(-1, 1);
      double ref = StrictMath.exp(x);
      double got = Exponential.exp(x);
      if (ref != got) {
        worst = Math.max(worst, Math.abs(got - ref) / Math.ulp(ref));
      }
    }
    assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
    for (double x : SPECIAL) {
      double ref = StrictMath.exp(x);
      double got = Exponential.exp(x);
      assertTrue(Double.isNaN(ref) ? Double.isNaN(got) : got == ref || Math.abs(got - ref) <= Math.ulp(ref),
          x + ": " + got + " vs " + ref);
    }
    assertEquals(1.0, Exponential.exp(0.0));
    assertEquals(Double.POSITIVE_INFINITY, Exponential.exp(709.7827128933841));
    assertEquals(0.0, Exponential.exp(-745.1332191019412));
  }

  @Test
  void shouldGiveTheScalarBitsInEveryLoop() {
    SplittableRandom g = new SplittableRandom(5);
    for (int n : new int[] {0, 1, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000}) {
      double[] x = new double[n + 3];
      float[] xf = new float[n + 3];
      for (int i = 0; i < x.length; i++) {
        x[i] = i % 13 == 5 ? SPECIAL[i % SPECIAL.length] : g.nextDouble(-60, 60);
        xf[i] = (float) x[i];
      }
      double shift = g.nextDouble(-3, 3);
      double[] r = new double[n + 5];
      float[] rf = new float[n + 5];
      Exponential.exp(x, 3, shift, r, 5, n);
      Exponential.exp(xf, 3, shift, rf, 5, n);
      double[] q = new double[n];
      double[] qf = new double[n];
      double stored = Exponential.sumExp(x, 3, shift, n, q);
      double storedF = Exponential.sumExp(xf, 3, shift, n, qf);
      double[] lanes = new double[Exponential.LANES];
      double[] lanesF = new double[Exponential.LANES];
      for (int i = 0; i < n; i++) {
        double want = Exponential.exp(x[3 + i] - shift);
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(r[5 + i]), n + " at " + i);
        assertEquals((float) Exponential.exp(xf[3 + i] - shift), rf[5 + i], n + " at " + i + " (float32)");
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(q[i]), "stored exp " + n + " at " + i);
        assertEquals(Double.doubleToRawLongBits(Exponential.exp(xf[3 + i] - shift)), Double.doubleToRawLongBits(qf[i]),
            "stored float32 exp " + n + " at " + i);
        lanes[i % lanes.length] += want;
        lanesF[i % lanes.length] += Exponential.exp(xf[3 + i] - shift);
      }
      assertEquals(Exponential.sum(lanes), Exponential.sumExp(x, 3, shift, n, null), "sum of " + n);
      assertEquals(Exponential.sum(lanesF), Exponential.sumExp(xf, 3, shift, n, null), "float32 sum of " + n);
      assertEquals(Exponential.sum(lanes), stored, "sum of " + n + " (exponentials stored)");
      assertEquals(Exponential.sum(lanesF), storedF, "float32 sum of " + n + " (exponentials stored)");
    }
  }

  @Test
  void shouldRunTheSimdLoopsUnderTest() throws ReflectiveOperationException {
    var field = Exponential.class.getDeclaredField("VECTOR");
    field.setAccessible(true);
    assertNotNull(field.get(null), "the tests run with jdk.incubator.vector: the SIMD loops must load");
  }
}
