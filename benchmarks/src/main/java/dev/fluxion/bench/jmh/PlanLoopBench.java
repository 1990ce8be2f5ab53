package dev.fluxion.bench.jmh;

import static dev.fluxion.autodiff.expr.Fx.constant;
import static dev.fluxion.autodiff.expr.Fx.mean;
import static dev.fluxion.autodiff.expr.Fx.square;
import static dev.fluxion.autodiff.expr.Fx.variable;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One gradient-descent step of the least-squares line fit of docs/getting-started.md ("Your own loop",
 * {@code CompileOnceLoop}): {@code mean((w t + b - y)^2)} over 50 points, then {@code w -= lr dw},
 * {@code b -= lr db}. {@code plan}: the loss and symbolic gradient compiled once into a {@link Plan},
 * run with new bindings; {@code valueAndGrad}: {@link AD#valueAndGrad} (evaluate, then the
 * interpretive reverse sweep) every step. Scores are µs per step.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PlanLoopBench {
  static final double LR = 0.5;

  final Tensor t = Tensor.linspace(0, 1, 50);
  final Tensor y = t.times(3).plus(1).plus(Tensor.normal(Key.of(0), Shape.of(50), 0, 0.1));
  final Expr loss = mean(square(variable("w").times(constant(t)).plus(variable("b")).minus(constant(y))));
  final Plan plan = Plan.valueAndGrad(loss, List.of("w", "b"));
  double w;
  double b;

  /** {@return the new (w, b) after one step by the compiled plan} */
  @Benchmark
  public double[] plan() {
    Map<String, Tensor> out = plan.run(Bindings.of("w", w).with("b", b));
    w -= LR * out.get("w").item();
    b -= LR * out.get("b").item();
    return new double[] {w, b};
  }

  /** {@return the new (w, b) after one step by {@code AD.valueAndGrad}} */
  @Benchmark
  public double[] valueAndGrad() {
    ValueAndGrad r = AD.valueAndGrad(loss, Bindings.of("w", w).with("b", b));
    w -= LR * r.gradient("w").item();
    b -= LR * r.gradient("b").item();
    return new double[] {w, b};
  }
}
