package dev.fluxion.autodiff.tensor;

import java.util.Locale;

/**
 * The element type of a tensor or expression: IEEE 754 binary64 or binary32.
 *
 * <p>float64 is the default everywhere (tensor factories, variables, gradient checks); models
 * choose float32 at {@code init}. Operands of one operation share one dtype: mixing them is an
 * error naming both, except a rank-0 constant in an expression, which adopts its partner's dtype
 * (as JAX's weakly typed Python scalars do). An integer dtype for indices is planned and fits here.
 */
public enum DType {
  /** IEEE 754 double precision: 8 bytes, 53-bit significand. */
  FLOAT64("float64", 8),
  /** IEEE 754 single precision: 4 bytes, 24-bit significand. */
  FLOAT32("float32", 4);

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

  /** {@return the machine epsilon {@code 2^-52} or {@code 2^-23}: the gap between 1 and the next value} */
  public double epsilon() {
    return this == FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
  }

  /**
   * {@return {@code v} rounded to this dtype (to nearest, ties to even); float64 returns it unchanged}
   *
   * @param v any double; values beyond float32's range round to ±∞
   */
  public double round(double v) {
    return this == FLOAT64 ? v : (float) v;
  }

  /**
   * {@return the dtype spelled {@code name}: {@code float64}/{@code f64}/{@code double} or
   * {@code float32}/{@code f32}/{@code float}, any case}
   *
   * @param name a spelling, surrounding blanks ignored
   * @throws IllegalArgumentException naming the accepted spellings if {@code name} is none of them
   */
  public static DType of(String name) {
    String n = Checks.notNull(name, "name").strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "float64", "f64", "double" -> FLOAT64;
      case "float32", "f32", "float" -> FLOAT32;
      default -> throw new IllegalArgumentException("unknown dtype '" + name + "': expected float32 or float64");
    };
  }

  /** {@return the NumPy spelling: {@code float64} or {@code float32}} */
  @Override
  public String toString() {
    return spelling;
  }
}
