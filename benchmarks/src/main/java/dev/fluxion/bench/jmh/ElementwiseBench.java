package dev.fluxion.bench.jmh;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
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
 * The elementwise chain {@code exp(tanh(relu(x * w + b)))} (five ops, all operands one shape),
 * evaluated three ways: eagerly op by op with {@link Tensor} methods, by the interpreter
 * ({@link AD#eval}, which walks the expression each call), and by a {@link Plan} compiled once.
 * Sizes: the MLP's hidden layer {@code 64x128} (8192 elements) and a vector of 10^6 elements.
 * Scores are µs per chain.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBench {
  /** The operand shape: {@code 64x128} or {@code 1000000}. */
  @Param({"64x128", "1000000"})
  public String size = "64x128";

  Tensor x = Tensor.scalar(0);
  Tensor w = Tensor.scalar(0);
  Tensor b = Tensor.scalar(0);
  Expr chain = Fx.scalar(0);
  Bindings at = Bindings.of();
  Plan plan = Plan.of(Fx.scalar(0));

  /** Draws the operands, builds the chain's expression and compiles it. */
  @Setup(Level.Trial)
  public void setUp() {
    Shape shape = size.equals("64x128") ? Shape.of(64, 128) : Shape.of(Integer.parseInt(size));
    Key[] k = Key.of(3).split(3);
    x = Tensor.normal(k[0], shape, 0, 1);
    w = Tensor.normal(k[1], shape, 0, 1);
    b = Tensor.normal(k[2], shape, 0, 0.1);
    chain = chain(Fx.variable("x", shape), Fx.variable("w", shape), Fx.variable("b", shape));
    at = Bindings.of(Map.of("x", x, "w", w, "b", b));
    plan = Plan.of(chain);
  }

  /**
   * {@return {@code exp(tanh(relu(x * w + b)))} as an expression}
   *
   * @param x any shape
   * @param w the scale, shape of {@code x}
   * @param b the shift, shape of {@code x}
   */
  static Expr chain(Expr x, Expr w, Expr b) {
    return Fx.exp(Fx.tanh(Fx.relu(x.times(w).plus(b))));
  }

  /** {@return the chain op by op with {@link Tensor} methods (five fresh tensors)} */
  @Benchmark
  public Tensor eager() {
    return x.times(w).plus(b).relu().tanh().exp();
  }

  /** {@return the chain by the interpreter, {@link AD#eval}} */
  @Benchmark
  public Tensor interpreted() {
    return AD.eval(chain, at);
  }

  /** {@return the chain by the plan compiled in setup} */
  @Benchmark
  public Tensor compiled() {
    return plan.run(at).get("out");
  }
}
