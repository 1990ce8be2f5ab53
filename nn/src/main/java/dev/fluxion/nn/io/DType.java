package dev.fluxion.nn.io;

import org.jspecify.annotations.Nullable;

/** The element types of the safetensors format and their sizes in bytes. */
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

  /** True for the types Fluxion reads: {@code F64} and {@code F32}. */
  boolean readable() {
    return this == F64 || this == F32;
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
