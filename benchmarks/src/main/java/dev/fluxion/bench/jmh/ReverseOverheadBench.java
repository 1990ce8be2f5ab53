package dev.fluxion.bench.jmh;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-node overhead of evaluation and reverse mode on a graph of scalars, where the
 * arithmetic is negligible: a chain of exactly {@value #NODES} nodes (two variables {@code x},
 * {@code a}, then {@code t = sin(z)}, {@code t = t * a}, {@code z = t + z}, repeated). Each
 * benchmark counts {@value #NODES} operations per call, so the score is <b>ns per node of the
 * function</b> (the call's time divided by {@value #NODES}); the gradient scores include the
 * forward pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "--add-modules", "jdk.incubator.vector"})
public class ReverseOverheadBench {
  /** The number of nodes of the function's graph, leaves included. */
  public static final int NODES = 10_000;

  Expr f = Fx.scalar(0);
  Bindings at = Bindings.of();
  Plan gradPlan = Plan.of(Fx.scalar(0));

  /** Builds the chain, binds {@code x = 0.3, a = 0.7}, and compiles its value and gradient. */
  @Setup(Level.Trial)
  public void setUp() {
    f = chain(NODES);
    at = Bindings.of(Map.of("x", Tensor.scalar(0.3), "a", Tensor.scalar(0.7)));
    gradPlan = Plan.valueAndGrad(f, List.of("x", "a"));
  }

  /**
   * {@return a scalar chain of exactly {@code nodes} nodes over variables {@code x} and {@code a}}
   *
   * @param nodes the node count, {@code >= 3}
   */
  static Expr chain(int nodes) {
    Expr a = Fx.variable("a");
    Expr z = Fx.variable("x");
    Expr t = z;
    for (int i = 0; i < nodes - 2; i++) {
      switch (i % 3) {
        case 0 -> t = Fx.sin(z);
        case 1 -> t = t.times(a);
        default -> {
          z = t.plus(z);
          t = z;
        }
      }
    }
    return t;
  }

  /** {@return the value by the interpreter (forward only, the baseline)} */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public Object eval() {
    return AD.eval(f, at);
  }

  /** {@return the gradient by the interpreter: forward pass, then the reverse sweep} */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public Object adGrad() {
    return AD.grad(f, at);
  }

  /** {@return value and gradient by the plan of the symbolic gradient, compiled in setup} */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public Object planGrad() {
    return gradPlan.run(at);
  }
}
