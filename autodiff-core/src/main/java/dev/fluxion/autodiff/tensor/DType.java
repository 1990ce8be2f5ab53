package dev.fluxion.autodiff.tensor;

import java.util.Locale;

/**
 * The element type of a tensor or expression: IEEE 754 binary64 or binary32, or 32-bit integers for
 * indices.
 *
 * <p>float64 is the default everywhere (tensor factories, variables, gradient checks); models
 * choose float32 at {@code init}. Operands of one operation share one dtype: mixing them is an
 * error naming both, except a rank-0 constant in an expression, which adopts its partner's dtype
 * (as JAX's weakly typed Python scalars do).
 *
 * <p>{@link #INT32} holds indices (token ids, class labels, positions), never numbers to compute
 * with: it is what {@code gather} and {@code scatterAdd} take, it can be reshaped and compared for
 * equality, and arithmetic on it is an error that says to {@code cast} first. It has no gradient.
 */
public enum DType {
  /** IEEE 754 double precision: 8 bytes, 53-bit significand. */
  FLOAT64("float64", 8),
  /** IEEE 754 single precision: 4 bytes, 24-bit significand. */
  FLOAT32("float32", 4),
  /** 32-bit two's-complement integers, for indices only: 4 bytes, no gradient. */
  INT32("int32", 4);

  private final String spelling;
  private final int bytes;

  DType(String spelling, int bytes) {
    this.spelling = spelling;
    this.bytes = bytes;
  }

  /** {@return bytes per element: 8 or 4} */
  public int bytes() {
    return bytes;
  }

  /** {@return true for float64 and float32, false for the index dtype int32} */
  public boolean isFloat() {
    return this != INT32;
  }

  /**
   * {@return the machine epsilon {@code 2^-52} or {@code 2^-23}: the gap between 1 and the next value}
   *
   * @throws IllegalStateException for int32, which has none
   */
  public double epsilon() {
    return switch (this) {
      case FLOAT64 -> Math.ulp(1.0);
      case FLOAT32 -> Math.ulp(1.0f);
      case INT32 -> throw new IllegalStateException("int32 holds indices and has no epsilon");
    };
  }

  /**
   * {@return {@code v} rounded to this dtype (to nearest, ties to even); float64 returns it unchanged}
   *
   * @param v any double; values beyond float32's range round to ±∞
   * @throws IllegalStateException for int32 (see {@link Tensor#cast} for the conversion to indices)
   */
  public double round(double v) {
    return switch (this) {
      case FLOAT64 -> v;
      case FLOAT32 -> (float) v;
      case INT32 -> throw new IllegalStateException("int32 holds indices: convert with Tensor.cast, not round");
    };
  }

  /**
   * {@return the dtype spelled {@code name}: {@code float64}/{@code f64}/{@code double},
   * {@code float32}/{@code f32}/{@code float} or {@code int32}/{@code i32}/{@code int}, any case}
   *
   * @param name a spelling, surrounding blanks ignored
   * @throws IllegalArgumentException naming the accepted spellings if {@code name} is none of them
   */
  public static DType of(String name) {
    String n = Checks.notNull(name, "name").strip().toLowerCase(Locale.ROOT);
    if (n.equals("int32") || n.equals("i32") || n.equals("int")) {
      return INT32;
    }
    try {
      return floatOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown dtype '" + name + "': expected float32, float64 or int32");
    }
  }

  /**
   * {@return the float dtype spelled {@code name}, as {@link #of} but for a model's or a batch's
   * dtype: float64 or float32}
   *
   * @param name a spelling, surrounding blanks ignored
   * @throws IllegalArgumentException naming float32 and float64 if {@code name} spells neither
   */
  public static DType floatOf(String name) {
    String n = Checks.notNull(name, "name").strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "float64", "f64", "double" -> FLOAT64;
      case "float32", "f32", "float" -> FLOAT32;
      default -> throw new IllegalArgumentException("unknown dtype '" + name + "': expected float32 or float64");
    };
  }

  /** {@return the NumPy spelling: {@code float64}, {@code float32} or {@code int32}} */
  @Override
  public String toString() {
    return spelling;
  }
}
