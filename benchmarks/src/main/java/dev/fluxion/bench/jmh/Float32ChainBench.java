package dev.fluxion.bench.jmh;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
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
 * A chain-heavy loss and gradient in float32 against float64: the loss
 * {@code mean(tanh(relu(x * w + b)) * 0.5 + sigmoid(x * w + b) * x)} and its gradient with respect to
 * {@code w} and {@code b} (per-feature {@code [n]} vectors broadcast over a {@code [rows, n]} batch),
 * compiled once into a {@link Plan} (fused elementwise chains, broadcast sums) and run; and the
 * forward chain eagerly with {@link Tensor} methods. No matrix product, so it measures the
 * elementwise, reduction and chain kernels alone. Sizes: the MLP's hidden layer {@code 64x128} and
 * {@code 1000x1000}. Scores are µs per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class Float32ChainBench {
  /** The batch shape: {@code 64x128} or {@code 1000x1000}. */
  @Param({"64x128", "1000x1000"})
  public String size = "64x128";

  /** The element type: {@code float32} or {@code float64}. */
  @Param({"float32", "float64"})
  public String dtype = "float32";

  Tensor x = Tensor.scalar(0);
  Tensor w = Tensor.scalar(0);
  Tensor b = Tensor.scalar(0);
  Bindings at = Bindings.of();
  Plan grad = Plan.of(Fx.scalar(0));

  /** Draws the operands in the chosen dtype and compiles the loss and gradient. */
  @Setup(Level.Trial)
  public void setUp() {
    String[] rc = size.split("x");
    int rows = Integer.parseInt(rc[0]);
    int n = Integer.parseInt(rc[1]);
    DType d = DType.floatOf(dtype);
    Key[] k = Key.of(3).split(3);
    x = Tensor.normal(k[0], Shape.of(rows, n), 0, 1).cast(d);
    w = Tensor.normal(k[1], Shape.of(n), 0, 1).cast(d);
    b = Tensor.normal(k[2], Shape.of(n), 0, 0.1).cast(d);
    at = Bindings.of(Map.of("x", x, "w", w, "b", b));
    grad = Plan.valueAndGrad(loss(Fx.variable("x", x.shape(), d), Fx.variable("w", w.shape(), d),
        Fx.variable("b", b.shape(), d)), List.of("w", "b"));
  }

  /**
   * {@return the loss {@code mean(tanh(relu(x * w + b)) * 0.5 + sigmoid(x * w + b) * x)}}
   *
   * @param x the batch {@code [rows, n]}
   * @param w the per-feature scale {@code [n]}
   * @param b the per-feature shift {@code [n]}
   */
  static Expr loss(Expr x, Expr w, Expr b) {
    Expr z = x.times(w).plus(b);
    return Fx.mean(Fx.tanh(Fx.relu(z)).times(0.5).plus(Fx.sigmoid(z).times(x)));
  }

  /** {@return the loss and the gradients by the plan compiled in setup} */
  @Benchmark
  public Map<String, Tensor> compiledGrad() {
    return grad.run(at);
  }

  /** {@return the forward chain op by op with {@link Tensor} methods} */
  @Benchmark
  public Tensor eager() {
    Tensor z = x.times(w).plus(b);
    return z.relu().tanh().times(0.5).plus(z.sigmoid().times(x)).mean();
  }
}
