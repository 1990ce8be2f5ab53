package dev.fluxion.nn.io;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** The element types of the safetensors format, their sizes in bytes, and the decoding of those Fluxion reads. */
enum DType {
  BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2),
  I32(4), U32(4), F32(4), I64(8), U64(8), F64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** The size of one element in bytes. */
  int bytes() {
    return bytes;
  }

  /** True for the types Fluxion reads: {@code F64}, {@code F32}, {@code F16} and {@code BF16}. */
  boolean readable() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /** The tensor dtype a readable type loads as: float64 for {@code F64}, else float32 (exact). */
  dev.fluxion.autodiff.tensor.DType loadsAs() {
    return this == F64 ? dev.fluxion.autodiff.tensor.DType.FLOAT64 : dev.fluxion.autodiff.tensor.DType.FLOAT32;
  }

  /** The float element at byte {@code at} of little-endian {@code b}, for {@code F32}, {@code F16} or {@code BF16}. */
  float floatAt(ByteBuffer b, int at) {
    return switch (this) {
      case F32 -> b.getFloat(at);
      case F16 -> halfToFloat(b.getShort(at));
      case BF16 -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
      default -> throw new IllegalStateException(this + " is not a float32-or-narrower type");
    };
  }

  /**
   * The IEEE 754 binary16 value with bits {@code h}, exactly as a float: 1 sign bit, 5 exponent
   * bits (bias 15), 10 fraction bits; exponent 0 is zero or subnormal ({@code f * 2^-24}), 31 is
   * infinity or NaN (made quiet, the payload kept in the float's top fraction bits).
   */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits >>> 15) << 31;
    int exponent = (bits >>> 10) & 0x1f;
    int fraction = bits & 0x3ff;
    if (exponent == 0x1f) {
      // a NaN comes out quiet, its payload kept, as IEEE conversions (and the JDK, and F16C) do
      return Float.intBitsToFloat(sign | 0x7f80_0000 | fraction << 13 | (fraction == 0 ? 0 : 0x0040_0000));
    }
    if (exponent == 0) {
      float magnitude = fraction * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | fraction << 13);
  }

  /** The type named {@code name} (as written in headers, e.g. {@code "F64"}), or null if unknown. */
  static @Nullable DType byName(String name) {
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
