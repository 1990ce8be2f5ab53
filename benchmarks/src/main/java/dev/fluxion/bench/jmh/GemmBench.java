package dev.fluxion.bench.jmh;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.bench.GemmCase;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dense matrix products {@code C = op(A) @ op(B)} through the public {@link Tensor} API, for the
 * {@link GemmCase}s: square {@code n = 128..1024} and the MLP 784-128-10's forward and backward
 * shapes (batch 64). The primary score is products per second; the secondary score
 * {@code :gflops} is GFLOP/s, counting {@code 2mnk} operations per product. {@link #dtype}
 * {@code float64} is DGEMM through {@link Tensor}; {@code float32} is SGEMM through the raw kernel
 * on {@code float} arrays (the same operands rounded), so the two precisions compare side by side.
 *
 * <p>{@link #vector} runs the default provider (the Vector API kernel, since the fork adds
 * {@code jdk.incubator.vector}); {@link #scalar} forks with {@code -Dfluxion.gemm=scalar}. Large
 * products use Fluxion's two GEMM threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
  /** The product to time. */
  @Param({"N128", "N256", "N512", "N1024", "MLP_FWD1", "MLP_FWD2", "MLP_DW1", "MLP_DH"})
  public GemmCase shape = GemmCase.N128;

  /** The precision: {@code float64} (DGEMM) or {@code float32} (SGEMM). */
  @Param({"float64", "float32"})
  public String dtype = "float64";

  private Tensor left = Tensor.scalar(0);
  private Tensor right = Tensor.scalar(0);
  private float[][] floats = new float[2][0];
  private float[] out = new float[0];

  /** Counts floating-point work, reported by JMH as a rate: GFLOP per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    /** Billions of floating-point operations done in this iteration (JMH reports it per second). */
    public double gflops;

    /** Clears the count before each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      gflops = 0;
    }
  }

  /**
   * Draws standard-normal operands in their stored shapes (rounded to {@code float} for float32).
   *
   * @throws IllegalArgumentException if {@link #dtype} is neither {@code float64} nor {@code float32}
   */
  @Setup(Level.Trial)
  public void setUp() {
    Tensor[] ops = shape.operands(Key.of(42));
    left = ops[0];
    right = ops[1];
    switch (dtype) {
      case "float64" -> floats = new float[2][0];
      case "float32" -> {
        floats = shape.floatOperands(Key.of(42));
        out = new float[shape.m() * shape.n()];
      }
      default -> throw new IllegalArgumentException("GemmBench: unknown dtype " + dtype + " (float64 or float32)");
    }
  }

  private Object product() {
    if (floats[0].length == 0) {
      return shape.multiply(left, right);
    }
    shape.multiply(floats[0], floats[1], out);
    return out;
  }

  /**
   * {@return one product with the default (Vector API) provider: a {@link Tensor} for float64, the {@code float[]} result for float32}
   *
   * @param flops the GFLOP counter
   */
  @Benchmark
  public Object vector(Flops flops) {
    flops.gflops += shape.flops() * 1e-9;
    return product();
  }

  /**
   * {@return one product with the scalar provider ({@code -Dfluxion.gemm=scalar}), as {@link #vector}}
   *
   * @param flops the GFLOP counter
   */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dfluxion.gemm=scalar"})
  public Object scalar(Flops flops) {
    flops.gflops += shape.flops() * 1e-9;
    return product();
  }
}
