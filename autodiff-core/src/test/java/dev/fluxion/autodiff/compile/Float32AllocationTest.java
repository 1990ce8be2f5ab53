package dev.fluxion.autodiff.compile;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A non-timing guard on float32 memory traffic: a compiled MLP loss-and-gradient run in float32
 * allocates at most 0.6x the bytes of the same run in float64 (its kernels keep floats; the float32
 * tensors are half the size). The dense MLP's guard applies once the matrix product is native
 * float32 (while it widens its operands to float64 the test is skipped, saying so); the diagonal
 * MLP, the same layers with elementwise weights, guards the elementwise, reduction and chain kernels
 * now.
 */
class Float32AllocationTest {
  static final int BATCH = 128;
  static final int IN = 32;
  static final int HIDDEN = 64;
  static final int OUT = 10;

  /**
   * {@return the softmax cross-entropy of a two-layer MLP with a relu and a tanh/sigmoid mix, every
   * variable of dtype {@code d}; {@code dense}: matrix weights, else per-feature (diagonal) weights of
   * width {@code HIDDEN} throughout}
   */
  static Expr mlpLoss(DType d, boolean dense) {
    int in = dense ? IN : HIDDEN;
    int out = dense ? OUT : HIDDEN;
    Expr x = variable("x", Shape.of(BATCH, in), d);
    Expr y = variable("y", Shape.of(BATCH, out), d);
    Expr w1 = variable("w1", dense ? Shape.of(IN, HIDDEN) : Shape.of(HIDDEN), d);
    Expr b1 = variable("b1", Shape.of(HIDDEN), d);
    Expr w2 = variable("w2", dense ? Shape.of(HIDDEN, OUT) : Shape.of(HIDDEN), d);
    Expr b2 = variable("b2", Shape.of(out), d);
    Expr h = relu((dense ? matmul(x, w1) : x.times(w1)).plus(b1));
    Expr h2 = tanh(h.times(0.5)).plus(h.times(h).times(0.1)).plus(sigmoid(h));
    Expr logits = (dense ? matmul(h2, w2) : h2.times(w2)).plus(b2);
    return mean(sum(y.times(logSoftmax(logits, 1)), new int[] {1}, false)).unaryMinus();
  }

  /** {@return the bindings of {@link #mlpLoss}, the same values in either dtype} */
  static Bindings bindings(DType d, boolean dense) {
    int in = dense ? IN : HIDDEN;
    int out = dense ? OUT : HIDDEN;
    Key[] k = Key.of(5).split(5);
    double[] labels = new double[BATCH * out];
    for (int i = 0; i < BATCH; i++) {
      labels[i * out + i % out] = 1;
    }
    return Bindings.of("x", Tensor.normal(k[0], Shape.of(BATCH, in), 0, 1).cast(d))
        .with("y", Tensor.of(labels, BATCH, out).cast(d))
        .with("w1", Tensor.normal(k[1], dense ? Shape.of(IN, HIDDEN) : Shape.of(HIDDEN), 0, 0.2).cast(d))
        .with("b1", Tensor.normal(k[2], Shape.of(HIDDEN), 0, 0.1).cast(d))
        .with("w2", Tensor.normal(k[3], dense ? Shape.of(HIDDEN, OUT) : Shape.of(HIDDEN), 0, 0.2).cast(d))
        .with("b2", Tensor.normal(k[4], Shape.of(out), 0, 0.1).cast(d));
  }

  /**
   * Runs before measuring: until C2 compiles the Vector API kernels, the interpreter boxes their
   * vectors, and a float32 product allocates megabytes.
   */
  private static final int WARM_UP = 3000;

  /** {@return the median bytes allocated by all threads per run of {@code run}, best of three rounds of 21} */
  static long bytesPer(Runnable run) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long[] perRun = new long[21];
      for (int i = round == 0 ? -WARM_UP : 0; i < perRun.length; i++) {
        long b0 = allocatedByAllThreads(mx);
        run.run();
        if (i >= 0) {
          perRun[i] = allocatedByAllThreads(mx) - b0;
        }
      }
      Arrays.sort(perRun);
      best = Math.min(best, perRun[perRun.length / 2]);
    }
    return best;
  }

  /** {@return the bytes per loss-and-gradient run of the MLP in dtype {@code d}} */
  static long bytesPerRun(DType d, boolean dense) {
    Plan plan = Plan.valueAndGrad(mlpLoss(d, dense), List.of("w1", "b1", "w2", "b2"));
    Bindings at = bindings(d, dense);
    assertEquals(d, plan.run(at).get("w1").dtype());
    return bytesPer(() -> plan.run(at));
  }

  private static void assertRatio(boolean dense, double bound) {
    long f64 = bytesPerRun(DType.FLOAT64, dense);
    long f32 = bytesPerRun(DType.FLOAT32, dense);
    assertTrue(f32 <= bound * f64, "float32 run allocated " + f32 + " bytes, float64 " + f64 + " (ratio "
        + (double) f32 / f64 + ")");
  }

  @Test
  void shouldAllocateAtMostSixTenthsOfTheFloat64BytesPerRunOfADiagonalMlp() {
    assertRatio(false, 0.6);
  }

  /**
   * The dense MLP: its products run on SGEMM (a float32 product allocates about half a float64 one),
   * but per-run scratch that does not halve (the chains' float64 tiles, the GEMM's packing panels)
   * weighs more at this small size: 0.61 measured here (a 1000 x 1000 chain plan gives 0.50).
   */
  @Test
  void shouldAllocateAtMostTwoThirdsOfTheFloat64BytesPerRunOfADenseMlp() {
    Tensor a = Tensor.normal(Key.of(7), Shape.of(BATCH, HIDDEN), 0, 1);
    Tensor b = Tensor.normal(Key.of(8), Shape.of(HIDDEN, HIDDEN), 0, 1);
    Tensor a32 = a.cast(DType.FLOAT32);
    Tensor b32 = b.cast(DType.FLOAT32);
    long product64 = bytesPer(() -> a.matmul(b));
    long product32 = bytesPer(() -> a32.matmul(b32));
    assertTrue(product32 <= 0.6 * product64, "a float32 matrix product allocated " + product32
        + " bytes against float64's " + product64);
    assertRatio(true, 0.65);
  }

  /** Bytes allocated so far by every live thread (a product may run on the shared helper thread). */
  private static long allocatedByAllThreads(com.sun.management.ThreadMXBean mx) {
    long sum = 0;
    for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
      sum += Math.max(0, b);
    }
    return sum;
  }
}
