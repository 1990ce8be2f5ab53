package dev.fluxion.autodiff.compile;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Recycling of dead temporaries across runs: results equal the interpreter bit for bit on every run
 * and under concurrent runs; no tensor a caller holds (an earlier run's outputs, the inputs) ever
 * changes; and once warm, every chain output that may takes its array from the pool.
 */
class RecyclingTest {
  private static final int LAYERS = 10;
  private static final Shape ROWS = Shape.of(64, 128);

  /** {@code LAYERS} times {@code h = tanh(h @ w) * 0.5 + h}, through a reshape, then a softmax and a sum. */
  private static Map<String, Expr> outputs(DType d) {
    Var x = new Var("x", ROWS, d);
    Var w = new Var("w", Shape.of(128, 128), d);
    Expr h = x;
    for (int i = 0; i < LAYERS; i++) {
      Expr flat = reshape(matmul(h, w), 128 * 64);
      h = reshape(tanh(flat).times(0.5), ROWS).plus(h);
    }
    Expr p = softmax(h.times(2), 1);
    return Map.of("h", h, "loss", sum(p.times(p)));
  }

  private static Bindings at(long seed, DType d) {
    Key[] k = Key.of(seed).split(2);
    return Bindings.of("x", Tensor.normal(k[0], ROWS, 0, 1).cast(d))
        .with("w", Tensor.normal(k[1], Shape.of(128, 128), 0, 0.1).cast(d));
  }

  @Test
  void shouldEqualTheInterpreterOnEveryRunWithoutChangingWhatCallersHold() {
    for (DType d : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Plan plan = Plan.of(outputs(d));
      assertTrue(plan.recycling().takers() >= LAYERS - 1, "chains taking recycled arrays: " + plan.recycling().takers());
      Bindings first = at(1, d);
      Map<String, Tensor> kept = plan.run(first);
      Tensor keptH = Tensor.of(kept.get("h").cast(DType.FLOAT64).toArray(), ROWS);
      Tensor x0 = Tensor.of(first.get("x").cast(DType.FLOAT64).toArray(), ROWS);
      for (long seed = 1; seed <= 4; seed++) {
        Bindings b = at(seed, d);
        Map<String, Tensor> got = plan.run(b);
        for (Map.Entry<String, Expr> e : outputs(d).entrySet()) {
          assertEquals(AD.eval(e.getValue(), b), got.get(e.getKey()), d + " run " + seed + " " + e.getKey());
        }
      }
      assertEquals(keptH, kept.get("h").cast(DType.FLOAT64), d + ": a later run changed an earlier output");
      assertEquals(x0, first.get("x").cast(DType.FLOAT64), d + ": a run changed its input");
    }
  }

  @Test
  void shouldGiveConcurrentRunsArraysOfTheirOwn() throws Exception {
    Plan plan = Plan.of(outputs(DType.FLOAT32));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = 10 + t;
        runs.add(pool.submit(() -> {
          Bindings b = at(seed, DType.FLOAT32);
          Tensor want = AD.eval(outputs(DType.FLOAT32).get("h"), b);
          boolean same = true;
          for (int i = 0; i < 15; i++) {
            same &= want.equals(plan.run(b).get("h"));
          }
          return same;
        }));
      }
      for (Future<Boolean> f : runs) {
        assertTrue(f.get(), "a concurrent run differed from the interpreter");
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * From the second run on, every chain output that may take a recycled array gets one: the pool
   * holds the last run's dead temporaries (in the first run only those that died earlier in it).
   */
  @Test
  void shouldTakeEveryRecycledOutputFromThePoolOnceWarm() {
    Plan plan = Plan.of(outputs(DType.FLOAT32));
    Bindings b = at(3, DType.FLOAT32);
    plan.run(b);
    int first = plan.recycling().lastTaken();
    plan.run(b);
    assertEquals(plan.recycling().takers(), plan.recycling().lastTaken());
    assertTrue(first < plan.recycling().lastTaken(), first + " taken in the first run");
  }
}
