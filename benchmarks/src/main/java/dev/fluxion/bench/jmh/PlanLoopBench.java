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
 * Gradient descent on the least-squares line fit of docs/getting-started.md ("Your own loop",
 * {@code CompileOnceLoop}): {@code mean((w t + b - y)^2)} over 50 points, then {@code w -= lr dw},
 * {@code b -= lr db}. {@code plan}: the loss and symbolic gradient compiled once into a {@link Plan},
 * run with new bindings; {@code valueAndGrad}: {@link AD#valueAndGrad} (evaluate, then the
 * interpretive reverse sweep) every step. Scores of {@code plan} and {@code valueAndGrad} are µs per
 * step at steady state; {@code planLoop} and {@code valueAndGradLoop} time a whole loop of
 * {@value #LOOP_STEPS} steps from {@code (0, 0)} in a fresh JVM (single shot, JIT warm-up and, for the
 * plan, compilation included), in ms: what a user's program sees.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PlanLoopBench {
  static final double LR = 0.5;
  static final int LOOP_STEPS = 20_000;

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

  /** {@return (w, b) after {@value #LOOP_STEPS} steps from (0, 0), the plan compiled first} */
  @Benchmark
  @BenchmarkMode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 5, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
  public double[] planLoop() {
    return loop(LOOP_STEPS, true);
  }

  /** {@return (w, b) after {@value #LOOP_STEPS} steps from (0, 0) by {@code AD.valueAndGrad}} */
  @Benchmark
  @BenchmarkMode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(value = 5, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
  public double[] valueAndGradLoop() {
    return loop(LOOP_STEPS, false);
  }

  /** {@return (w, b) after {@code steps} steps from (0, 0), by a plan compiled here or by AD.valueAndGrad} */
  double[] loop(int steps, boolean compiled) {
    Plan p = compiled ? Plan.valueAndGrad(loss, List.of("w", "b")) : null;
    double pw = 0;
    double pb = 0;
    for (int i = 0; i < steps; i++) {
      Bindings at = Bindings.of("w", pw).with("b", pb);
      double dw;
      double db;
      if (p != null) {
        Map<String, Tensor> out = p.run(at);
        dw = out.get("w").item();
        db = out.get("b").item();
      } else {
        ValueAndGrad r = AD.valueAndGrad(loss, at);
        dw = r.gradient("w").item();
        db = r.gradient("b").item();
      }
      pw -= LR * dw;
      pb -= LR * db;
    }
    return new double[] {pw, pb};
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
