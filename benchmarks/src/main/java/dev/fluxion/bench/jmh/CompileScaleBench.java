package dev.fluxion.bench.jmh;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
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
 * How compile and interpretation cost grow with the size of a scalar graph (scientific code, an
 * unrolled loop): the recurrence {@code z = z + sin(z) * a} of {@link ReverseOverheadBench#chain}
 * with {@code ops} operations (every {@code z} read twice). {@code compile}: {@link Plan#valueAndGrad}
 * (symbolic gradient, then the plan); {@code interpret}: {@link AD#valueAndGrad} (evaluation and the
 * numeric reverse sweep). Scores are ms per call; divide by {@code ops} for the cost per operation
 * (the smoke test prints the plan's node count per operation). Run
 * {@code benchmarks/jmh CompileScaleBench -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "-Xmx3g", "--add-modules", "jdk.incubator.vector"})
public class CompileScaleBench {
  /** The number of operations of the function (its nodes minus the two variables). */
  @Param({"1000", "10000", "100000", "300000"})
  public int ops;

  Expr f = Fx.scalar(0);
  Bindings at = Bindings.of();

  /** Builds the recurrence and binds {@code x = 0.3, a = 0.7}. */
  @Setup(Level.Trial)
  public void setUp() {
    f = ReverseOverheadBench.chain(ops + 2);
    at = Bindings.of(Map.of("x", Tensor.scalar(0.3), "a", Tensor.scalar(0.7)));
  }

  /** {@return the plan of the value and gradient, compiled from scratch} */
  @Benchmark
  public Plan compile() {
    return Plan.valueAndGrad(f, List.of("x", "a"));
  }

  /** {@return the value and gradient by the interpreter} */
  @Benchmark
  public ValueAndGrad interpret() {
    return AD.valueAndGrad(f, at);
  }
}
