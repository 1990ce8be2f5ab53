package dev.fluxion.bench.jmh;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.control.Checkpoint;
import dev.fluxion.autodiff.control.Custom;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compiled loss-and-gradient step of a 32-layer {@code tanh} network of width 128 on a batch of 512
 * (float64, mean-square loss), with blocks of {@code per} layers checkpointed ({@code 0}: none): what the
 * recomputation costs in time. The autodiff tour's remat table gives the same step's peak live bytes.
 * Scores are ms per step.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss8m", "--add-modules", "jdk.incubator.vector"})
public class CheckpointBench {
  static final int DEPTH = 32;
  static final int WIDTH = 128;
  static final int BATCH = 512;

  /** Layers per checkpoint; 0: none. */
  @Param({"0", "8", "4", "1"})
  public int per;

  Plan plan;
  Bindings at;

  /** Builds and compiles the step. */
  @Setup(Level.Trial)
  public void setUp() {
    List<String> weights = new ArrayList<>();
    at = Bindings.of("x", Tensor.normal(Key.of(1), Shape.of(BATCH, WIDTH), 0, 1));
    for (int l = 0; l < DEPTH; l++) {
      weights.add("w" + l);
      at = at.with("w" + l, Tensor.normal(Key.of(2).fold(l), Shape.of(WIDTH, WIDTH), 0, 1.0 / Math.sqrt(WIDTH)));
    }
    plan = Plan.valueAndGrad(loss(per), weights);
    plan.run(at);
  }

  static Expr loss(int per) {
    Expr h = new Var("x", Shape.of(BATCH, WIDTH));
    int size = Math.max(per, 1);
    for (int l = 0; l < DEPTH; l += size) {
      List<Expr> args = new ArrayList<>();
      args.add(h);
      for (int j = 0; j < size; j++) {
        args.add(new Var("w" + (l + j), Shape.of(WIDTH, WIDTH)));
      }
      Custom.Fn block = a -> {
        Expr y = a.get(0);
        for (int j = 1; j < a.size(); j++) {
          y = tanh(matmul(y, a.get(j)));
        }
        return y;
      };
      h = per > 0 ? Checkpoint.checkpoint(block, args.toArray(Expr[]::new)) : block.apply(args);
    }
    return mean(square(h));
  }

  /** {@return the loss and the 32 weight gradients} */
  @Benchmark
  public Map<String, Tensor> step() {
    return plan.run(at);
  }
}
