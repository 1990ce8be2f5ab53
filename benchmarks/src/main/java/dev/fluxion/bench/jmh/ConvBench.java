package dev.fluxion.bench.jmh;

import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.internal.Convolutions;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.concurrent.TimeUnit;
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
 * Convolution (forward, input adjoint, weight adjoint) and 2x2 max pooling (forward, backward) on
 * the CNN's shapes, batch 64: {@code conv1} is 1→8 channels, 3x3, pad 1 on 28x28 then pool 2;
 * {@code conv2} is 8→16 channels, 3x3, pad 1 on 14x14 then pool 2; {@code conv1w} and
 * {@code conv2w} are the wider 1→16 and 16→32 layers of the 16/32-channel CNN. Scores are µs per
 * call. A convolution costs {@code 2 N O C KH KW OH OW} operations (conv1: 57.8 MFLOP, conv2: 231
 * MFLOP, conv1w: 116 MFLOP, conv2w: 925 MFLOP), each adjoint the same. {@link #dtype} runs every
 * operation on float64 or float32 tensors (float32 convolutions run the float GEMM).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvBench {
  static final ConvGeometry CONV = ConvGeometry.square(1, 1);
  static final PoolGeometry POOL = PoolGeometry.square(2, 2);

  /** The layer: {@code conv1} (1→8 on 28x28) or {@code conv2} (8→16 on 14x14). */
  @Param({"conv1", "conv2", "conv1w", "conv2w"})
  public String layer = "conv1";

  /** The tensors' dtype: {@code float64} or {@code float32}. */
  @Param({"float64", "float32"})
  public String dtype = "float64";

  Tensor x = Tensor.scalar(0);
  Tensor w = Tensor.scalar(0);
  Tensor y = Tensor.scalar(0);
  Tensor yBar = Tensor.scalar(0);
  Tensor pooledBar = Tensor.scalar(0);

  /**
   * Draws the input, weight and cotangents in {@link #dtype}; {@code y} is the convolution's output, the pool's input.
   *
   * @throws IllegalArgumentException if {@link #layer} or {@link #dtype} is not one of the listed values
   */
  @Setup(Level.Trial)
  public void setUp() {
    int[] coh = switch (layer) {
      case "conv1" -> new int[] {1, 8, 28};
      case "conv2" -> new int[] {8, 16, 14};
      case "conv1w" -> new int[] {1, 16, 28};
      case "conv2w" -> new int[] {16, 32, 14};
      default -> throw new IllegalArgumentException("ConvBench: unknown layer " + layer
          + " (conv1, conv2, conv1w or conv2w)");
    };
    DType d = DType.floatOf(dtype);
    int c = coh[0];
    int o = coh[1];
    int hw = coh[2];
    Key[] k = Key.of(7).split(4);
    x = Tensor.normal(k[0], Shape.of(64, c, hw, hw), 0, 1).cast(d);
    w = Tensor.normal(k[1], Shape.of(o, c, 3, 3), 0, 0.3).cast(d);
    y = Convolutions.conv2d(x, w, CONV);
    yBar = Tensor.normal(k[2], y.shape(), 0, 1).cast(d);
    pooledBar = Tensor.normal(k[3], Shape.of(64, o, hw / 2, hw / 2), 0, 1).cast(d);
  }

  /** {@return {@code conv2d(x, w)}: [64, O, H, W]} */
  @Benchmark
  public Tensor convForward() {
    return Convolutions.conv2d(x, w, CONV);
  }

  /** {@return the input gradient {@code xBar} of the convolution, given {@code yBar}} */
  @Benchmark
  public Tensor convBackwardInput() {
    return Convolutions.conv2dBackwardInput(yBar, w, x.shape(), CONV);
  }

  /** {@return the weight gradient {@code wBar} of the convolution, given {@code yBar}} */
  @Benchmark
  public Tensor convBackwardWeight() {
    return Convolutions.conv2dBackwardWeight(x, yBar, w.shape(), CONV);
  }

  /** {@return the 2x2, stride-2 max pool of the convolution's output} */
  @Benchmark
  public Tensor maxPoolForward() {
    return Convolutions.maxPool2d(y, POOL);
  }

  /** {@return the max pool's input gradient: each pooled cotangent sent to its window's argmax} */
  @Benchmark
  public Tensor maxPoolBackward() {
    return Convolutions.maxPool2dBackward(y, pooledBar, POOL);
  }
}
