package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * The float32 path of kernels that compute in float64: widen the operands exactly, compute, round
 * the result once to float32. For {@code + - * /} and square root this is exactly IEEE float32
 * arithmetic (double rounding is harmless when the wide format has at least {@code 2p + 2} bits);
 * elsewhere it is the correctly rounded float32 of the float64 result.
 */
public final class Widen {
  private Widen() {}

  /**
   * {@return whether the tensors are float32}
   *
   * @param op the operation, named in the error
   * @param ts at least one tensor, none null
   * @throws IllegalArgumentException naming {@code op} and both dtypes if they differ
   */
  public static boolean float32(String op, Tensor... ts) {
    DType d = Checks.notNull(ts[0], op + ": argument 0").dtype();
    for (int i = 1; i < ts.length; i++) {
      DType e = Checks.notNull(ts[i], op + ": argument " + i).dtype();
      if (e != d) {
        throw new IllegalArgumentException(op + ": dtypes " + d + " and " + e + " differ (arguments 0 and " + i
            + "); cast one with cast(DType)");
      }
    }
    return d == DType.FLOAT32;
  }

  /** {@return {@code t} in float64, exactly} */
  public static Tensor wide(Tensor t) {
    return t.cast(DType.FLOAT64);
  }

  /** {@return {@code t} rounded to float32} */
  public static Tensor narrow(Tensor t) {
    return t.cast(DType.FLOAT32);
  }
}
