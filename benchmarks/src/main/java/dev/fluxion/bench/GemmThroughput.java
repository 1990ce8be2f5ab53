package dev.fluxion.bench;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * GFLOP/s of each {@link GemmCase} with whichever GEMM provider this JVM loads (run it with
 * {@code --add-modules jdk.incubator.vector} for the Vector API, add {@code -Dfluxion.gemm=scalar}
 * for the fallback). Used by {@code benchmarks/gemm-vs-numpy}, which times NumPy the same way.
 *
 * <p>Method: compile the kernels on a 256 x 256 product for a second, warm up each case for a
 * while, then time several batches of back-to-back products, each batch long enough to swamp the
 * clock's resolution; report the best batch's rate, {@code 2mnk / (seconds per product) / 1e9}.
 * Best-of-N, not mean: on a shared machine it is the least disturbed estimate.
 *
 * <p>Output: one line per case, {@code NAME<TAB>GFLOP/s}. With {@code --list}, prints the cases
 * instead: {@code NAME<TAB>m<TAB>n<TAB>k<TAB>layout<TAB>label}. {@code --dtype float32} times the
 * SGEMM kernel on {@code float} arrays instead of float64 tensors (DGEMM); {@code --case NAME}
 * times that case only (e.g. {@code N1024} under {@code -Dfluxion.threads=1} for the one-thread rate).
 */
public final class GemmThroughput {
  private static volatile double sink;

  /** The precision to time. */
  public enum Dtype {
    /** DGEMM through the public {@link Tensor} API. */
    FLOAT64,
    /** SGEMM through the raw kernel on {@code float} arrays. */
    FLOAT32;

    /**
     * {@return the dtype named {@code float32} or {@code float64}}
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Dtype parse(String name) {
      return switch (name) {
        case "float32" -> FLOAT32;
        case "float64" -> FLOAT64;
        default -> throw new IllegalArgumentException("unknown dtype " + name + " (use float32 or float64)");
      };
    }
  }

  private GemmThroughput() {}

  /**
   * Measures every case, or lists them.
   *
   * @param args {@code --quick} (shorter warm-up and fewer batches), {@code --dtype float32|float64}
   *     (default float64), {@code --case NAME} or {@code --list}
   */
  public static void main(String[] args) {
    boolean quick = false;
    Dtype dtype = Dtype.FLOAT64;
    @Nullable GemmCase only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--dtype" -> {
          if (i + 1 == args.length) {
            throw new IllegalArgumentException("--dtype needs a value (float32 or float64)");
          }
          dtype = Dtype.parse(args[++i]);
        }
        case "--case" -> {
          String name = i + 1 < args.length ? args[++i] : "";
          only = java.util.Arrays.stream(GemmCase.values()).filter(g -> g.name().equals(name)).findFirst()
              .orElseThrow(() -> new IllegalArgumentException("--case \"" + name + "\": expected one of "
                  + java.util.Arrays.toString(GemmCase.values())));
        }
        case "--list" -> {
          list();
          return;
        }
        default -> throw new IllegalArgumentException(
            "unknown argument " + args[i] + " (use --quick, --dtype float32|float64, --case NAME or --list)");
      }
    }
    System.err.println("GEMM provider: " + Tensor.gemmProvider());
    double warmSeconds = quick ? 0.3 : 1.5;
    int batches = quick ? 5 : 10;
    double batchSeconds = quick ? 0.1 : 0.2;
    // Compile the kernels before the first timed case: 0.3 s on a 128 x 128 product alone left
    // the Vector API code interpreted (0.8 GFLOP/s in a --quick run, 2026-12-03).
    gflops(GemmCase.N256, dtype, 1.0, 1, 0.01);
    for (GemmCase c : only == null ? GemmCase.values() : new GemmCase[] {only}) {
      double g = gflops(c, dtype, warmSeconds, batches, batchSeconds);
      System.out.printf(Locale.ROOT, "%s\t%.3f%n", c.name(), g);
    }
  }

  private static void list() {
    for (GemmCase c : GemmCase.values()) {
      System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%d\t%s\t%s%n", c.name(), c.m(), c.n(), c.k(), c.layout(),
          c.label());
    }
  }

  /**
   * {@return the best batch's GFLOP/s of one case}
   *
   * @param c the shapes and layout to time
   * @param dtype float32 or float64: the precision of the operands and the product
   * @param warmSeconds the warm-up time, s
   * @param batches the number of timed batches
   * @param batchSeconds the minimum length of a batch, s
   */
  static double gflops(GemmCase c, Dtype dtype, double warmSeconds, int batches, double batchSeconds) {
    Runnable product = product(c, dtype);
    long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
    int reps = 0;
    long t0 = System.nanoTime();
    while (System.nanoTime() < warmEnd) {
      product.run();
      reps++;
    }
    double perProduct = (System.nanoTime() - t0) / 1e9 / Math.max(1, reps);
    int perBatch = (int) Math.max(1, Math.ceil(batchSeconds / perProduct));
    double best = Double.POSITIVE_INFINITY;
    for (int b = 0; b < batches; b++) {
      long s = System.nanoTime();
      for (int r = 0; r < perBatch; r++) {
        product.run();
      }
      best = Math.min(best, (System.nanoTime() - s) / 1e9 / perBatch);
    }
    return c.flops() / best / 1e9;
  }

  private static Runnable product(GemmCase c, Dtype dtype) {
    if (dtype == Dtype.FLOAT32) {
      float[][] ops = c.floatOperands(Key.of(42));
      float[] out = new float[c.m() * c.n()];
      return () -> {
        c.multiply(ops[0], ops[1], out);
        sink = out[0];
      };
    }
    Tensor[] ops = c.operands(Key.of(42));
    return () -> sink = c.multiply(ops[0], ops[1]).get(0, 0);
  }
}
