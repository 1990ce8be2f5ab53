package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Scalars#mul(float, float)} and {@link Scalars#div(float, float)} compute in float64 and
 * round once; they must give exactly IEEE float32's {@code *} and {@code /}, subnormal operands and
 * results, zeros, infinities and overflow included.
 */
class ScalarsFloatTest {
  /** Floats from every binade, the subnormals among them, with both signs, and the special values. */
  private static float sample(SplittableRandom r) {
    int kind = r.nextInt(20);
    if (kind == 0) {
      float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
          Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1f, -1f, 0.9f};
      return special[r.nextInt(special.length)];
    }
    if (kind < 6) {
      return Float.intBitsToFloat(r.nextInt(0x0080_0000) | (r.nextBoolean() ? 0x8000_0000 : 0));
    }
    return Float.intBitsToFloat(r.nextInt());
  }

  @Test
  void shouldMultiplyAndDivideExactlyAsFloat32() {
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 2_000_000; i++) {
      float x = sample(r);
      float y = sample(r);
      assertEquals(Float.floatToIntBits(x * y), Float.floatToIntBits(Scalars.mul(x, y)), () -> x + " * " + y);
      assertEquals(Float.floatToIntBits(x / y), Float.floatToIntBits(Scalars.div(x, y)), () -> x + " / " + y);
    }
  }

  @Test
  void shouldRoundProductsIntoTheSubnormalsAsFloat32() {
    SplittableRandom r = new SplittableRandom(12);
    for (int i = 0; i < 200_000; i++) {
      // products near and below Float.MIN_NORMAL, where a double-then-round could differ if it were wrong
      float x = Float.intBitsToFloat(0x0080_0000 + r.nextInt(0x0100_0000));
      float y = (float) r.nextDouble(0.25, 1.0);
      assertEquals(Float.floatToIntBits(x * y), Float.floatToIntBits(Scalars.mul(x, y)), () -> x + " * " + y);
      assertEquals(Float.floatToIntBits(x / (1 / y)), Float.floatToIntBits(Scalars.div(x, 1 / y)), () -> x + " / " + 1 / y);
    }
  }
}
