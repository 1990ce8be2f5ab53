package dev.fluxion.autodiff.control;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.transform.Vmap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Rematerialization: a checkpointed deep network has the same value and gradient, bit for bit, with a
 * smaller peak of live bytes in its compiled training step; Hessians, forward mode and vmap go through it.
 */
class CheckpointTest {
  static final DeepTanh NET = new DeepTanh(16, 32, 256);

  @Nested
  class Training {
    @Test
    void shouldGiveTheSameLossAndGradientBitForBit() {
      Bindings at = NET.at();
      Map<String, Tensor> plain = Plan.valueAndGrad(NET.loss(0), NET.weights()).run(at);
      for (int per : new int[] {1, 2, 4}) {
        Map<String, Tensor> remat = Plan.valueAndGrad(NET.loss(per), NET.weights()).run(at);
        assertEquals(plain, remat, "blocks of " + per);
      }
      assertEquals(AD.grad(NET.loss(0), at), AD.grad(NET.loss(2), at), "the interpreter too");
    }

    @Test
    void shouldHoldFewerBytesAtItsPeak() {
      Bindings at = NET.at();
      long plain = peak(NET.loss(0), at);
      long perFour = peak(NET.loss(4), at);
      assertTrue(perFour < plain * 0.7, "checkpointing blocks of four: " + perFour + " bytes vs " + plain);
    }

    @Test
    void shouldComputeAllArgumentsCotangentsInOneBackwardNode() {
      Expr loss = NET.loss(4);
      List<Expr> grads = new ArrayList<>(AD.gradExpr(loss, NET.weights()).values());
      long checkpoints = Exprs.topologicalOrder(grads.toArray(Expr[]::new)).stream()
          .filter(n -> n instanceof Apply a && a.op() instanceof Checkpoint).count();
      assertEquals(8, checkpoints, "four blocks: each one forward node and one backward node");
    }
  }

  static long peak(Expr loss, Bindings at) {
    Plan plan = Plan.valueAndGrad(loss, NET.weights());
    List<Tensor> args = new ArrayList<>();
    for (Var v : plan.parameters()) {
      args.add(at.get(v.name()));
    }
    return plan.peakLiveBytes(args);
  }

  @Nested
  class OtherTransforms {
    private final Var x = new Var("x", Shape.of(3));
    private final Bindings at = Bindings.of("x", Tensor.vector(0.3, -1.2, 0.7));

    private Expr f(boolean remat) {
      Custom.Fn g = a -> sum(sin(a.get(0)).times(exp(a.get(0).times(0.5))));
      return remat ? Checkpoint.checkpoint(g, x) : g.apply(List.of(x));
    }

    @Test
    void shouldGiveTheSameHessianAndTangents() {
      assertEquals(AD.hessian(f(false), at, "x"), AD.hessian(f(true), at, "x"));
      Bindings t = Bindings.of("x", Tensor.vector(1, 2, -1));
      assertEquals(AD.jvp(f(false), at, t).tangent(), AD.jvp(f(true), at, t).tangent());
      assertTrue(GradCheck.check(f(true), at).passed());
    }

    @Test
    void shouldBatchTheBodyInsideOneNode() {
      Var w = new Var("w", Shape.of(3, 3));
      Expr one = Checkpoint.checkpoint(a -> sum(tanh(matmul(a.get(1), a.get(0)))), x, w);
      Tensor xs = Tensor.normal(Key.of(5), Shape.of(4, 3), 0, 1);
      Tensor wv = Tensor.normal(Key.of(6), Shape.of(3, 3), 0, 1);
      Expr batched = Vmap.batch(AD.gradExpr(one, "w"), Map.of("x", constant(xs)));
      Tensor got = AD.eval(batched, Bindings.of("w", wv));
      for (int k = 0; k < 4; k++) {
        Tensor xk = xs.slice(new int[] {k, 0}, new int[] {k + 1, 3}, new int[] {1, 1}).reshape(3);
        Tensor expected = AD.grad(one, Bindings.of("x", xk).with("w", wv), "w");
        Tensor row = got.slice(new int[] {k, 0, 0}, new int[] {k + 1, 3, 3}, new int[] {1, 1, 1}).reshape(3, 3);
        assertTrue(row.allClose(expected, 1e-13, 1e-13), k + ": " + row + " vs " + expected);
      }
      assertEquals(Exprs.nodeCount(Vmap.batch(AD.gradExpr(one, "w"), Map.of("x", new Var("xs", Shape.of(2, 3))))),
          Exprs.nodeCount(Vmap.batch(AD.gradExpr(one, "w"), Map.of("x", new Var("xs", Shape.of(9, 3))))),
          "no node per example");
    }

    @Test
    void shouldRejectAnOutsideVariable() {
      Var y = new Var("y", Shape.of(3));
      var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.checkpoint(a -> a.get(0).plus(y), x));
      assertTrue(e.getMessage().contains("reads variable y from outside"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Checkpoint.checkpoint(a -> a.get(0), new Expr[0]));
    }
  }
}
