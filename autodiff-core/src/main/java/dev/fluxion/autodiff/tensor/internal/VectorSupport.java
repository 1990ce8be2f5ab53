package dev.fluxion.autodiff.tensor.internal;

import org.jspecify.annotations.Nullable;

/**
 * Loads this package's SIMD loops, classes compiled from {@code src/main/vector} against the incubating
 * Vector API, the way {@code GemmProvider} loads its kernel: only when the JVM has
 * {@code jdk.incubator.vector} and {@code fluxion.gemm} is not {@code scalar}; otherwise the callers'
 * scalar loops serve, which give the same bits.
 */
final class VectorSupport {
  private static final String MODULE = "jdk.incubator.vector";
  /**
   * Shorter runs take the scalar loop (the same bits): a SIMD loop pays off only over many elements,
   * and until C2 compiles it, every vector operation allocates its box (a short softmax row of a small
   * model, called a few thousand times, was 80% of that model's allocation).
   */
  static final int MIN_LENGTH = 64;

  private VectorSupport() {}

  /** {@return a new instance of this package's class {@code name} as a {@code type}, or null if it cannot load} */
  static <T> @Nullable T load(Class<T> type, String name) {
    Module vector = ModuleLayer.boot().findModule(MODULE).orElse(null);
    if (vector == null || "scalar".equalsIgnoreCase(System.getProperty("fluxion.gemm", "vector").strip())) {
      return null;
    }
    try {
      VectorSupport.class.getModule().addReads(vector);
      Class<?> c = Class.forName(VectorSupport.class.getPackageName() + "." + name);
      return type.cast(c.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
