package dev.fluxion.autodiff.transform;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.control.Cond;
import dev.fluxion.autodiff.control.Custom;
import dev.fluxion.autodiff.control.Scans;
import dev.fluxion.autodiff.control.Step;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code vmap} against its definition, {@code vmap(f)(xs)[k] = f(xs[k])}, and composed with the other
 * transforms in every order: vmap of grad (per-example gradients), grad of vmap, vmap of a second
 * derivative, vmap of jvp, nested vmap, custom rules, cond and scan under vmap, compiled plans.
 */
class VmapTest {
  private static final int B = 5;
  private static final Tensor W = Tensor.normal(Key.of(7), Shape.of(4, 3), 0, 1);
  private static final Tensor XS = Tensor.normal(Key.of(8), Shape.of(B, 3), 0, 1);

  /** A small network of one example {@code x [3]}: {@code sum(tanh(W x)²)}. */
  private static Expr net(Expr x) {
    return sum(square(tanh(matmul(constant(W), x))));
  }

  private static Tensor row(Tensor t, int k) {
    return Tensor.stack(0, t).reshape(t.shape()).slice(start(t, k), stop(t, k), ones(t.rank()))
        .reshape(Shape.of(Arrays.copyOfRange(t.shape().toArray(), 1, t.rank())));
  }

  private static int[] start(Tensor t, int k) {
    int[] s = new int[t.rank()];
    s[0] = k;
    return s;
  }

  private static int[] stop(Tensor t, int k) {
    int[] s = t.shape().toArray();
    s[0] = k + 1;
    return s;
  }

  private static int[] ones(int r) {
    int[] s = new int[r];
    Arrays.fill(s, 1);
    return s;
  }

  /** {@code f} applied to each row of {@code xs} on its own, stacked. */
  private static Tensor oneAtATime(UnaryOperator<Expr> f, Tensor xs) {
    Tensor[] out = new Tensor[xs.shape().dim(0)];
    for (int k = 0; k < out.length; k++) {
      out[k] = AD.eval(f.apply(constant(row(xs, k))), Bindings.of());
    }
    return Tensor.stack(0, out);
  }

  private static void assertClose(Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape());
    assertTrue(actual.allClose(expected, 1e-12, 1e-12), () -> expected + " vs " + actual);
  }

  @Nested
  class Definition {
    @Test
    void shouldMapAFunctionOverTheLeadingAxis() {
      Expr ys = Vmap.vmap(VmapTest::net).apply(constant(XS));
      assertEquals(Shape.of(B), ys.shape());
      assertClose(oneAtATime(VmapTest::net, XS), AD.eval(ys, Bindings.of()));
    }

    @Test
    void shouldHonourInAndOutAxes() {
      UnaryOperator<Expr> f = x -> tanh(matmul(constant(W), x));
      Expr ys = Vmap.vmap(f, 1, -1).apply(constant(XS.transpose()));
      assertEquals(Shape.of(4, B), ys.shape(), "batch axis last");
      assertClose(oneAtATime(f, XS).transpose(), AD.eval(ys, Bindings.of()));
    }

    @Test
    void shouldShareUnmappedArgumentsAndBroadcastUnbatchedResults() {
      Var w = new Var("w", Shape.of(4, 3));
      var g = Vmap.vmap(a -> List.of(sum(tanh(matmul(a.get(0), a.get(1)))), sum(a.get(0))),
          Arrays.asList(null, 0), 0);
      List<Expr> out = g.apply(List.of(w, constant(XS)));
      Bindings at = Bindings.of("w", W);
      assertClose(oneAtATime(x -> sum(tanh(matmul(constant(W), x))), XS), AD.eval(out.get(0), at));
      Tensor s = AD.eval(out.get(1), at);
      assertEquals(Shape.of(B), s.shape(), "a result that does not depend on the batch is broadcast");
      assertEquals(Tensor.full(Shape.of(B), W.sum().item()), s);
    }

    @Test
    void shouldKeepTheBatchedGraphIndependentOfTheBatchSize() {
      Var x = new Var("x", Shape.of(3));
      Expr g = AD.gradExpr(net(x), "x");
      int small = Exprs.nodeCount(Vmap.batch(g, Map.of("x", new Var("xs", Shape.of(2, 3)))));
      int large = Exprs.nodeCount(Vmap.batch(g, Map.of("x", new Var("xs", Shape.of(64, 3)))));
      assertEquals(small, large, "every op on the path has a whole-batch rule: no node per example");
    }
  }

  @Nested
  class Composition {
    @Test
    void shouldGivePerExampleGradientsAsVmapOfGrad() {
      Expr per = Vmap.vmap(AD.grad(VmapTest::net)).apply(constant(XS));
      assertClose(oneAtATime(AD.grad(VmapTest::net), XS), AD.eval(per, Bindings.of()));
    }

    @Test
    void shouldGiveTheBatchGradientAsGradOfVmap() {
      Var xs = new Var("xs", Shape.of(B, 3));
      Expr total = sum(Vmap.vmap(VmapTest::net).apply(xs));
      Tensor grad = AD.grad(total, Bindings.of("xs", XS), "xs");
      assertClose(oneAtATime(AD.grad(VmapTest::net), XS), grad);
    }

    @Test
    void shouldMapSecondDerivatives() {
      UnaryOperator<Expr> f = x -> sin(x).times(exp(x));
      UnaryOperator<Expr> second = AD.grad(AD.grad(f));
      Tensor xs = Tensor.vector(-1, 0, 0.5, 2);
      Tensor got = AD.eval(Vmap.vmap(second).apply(constant(xs)), Bindings.of());
      for (int k = 0; k < 4; k++) {
        double x = xs.toArray()[k];
        assertEquals(2 * Math.exp(x) * Math.cos(x), got.toArray()[k], 1e-12, "d²/dx² sin·exp = 2 eˣ cos x");
      }
    }

    @Test
    void shouldMapAHessianAndDifferentiateAVmap() {
      Var x = new Var("x", Shape.of(3));
      Expr g = AD.gradExpr(net(x), "x");
      List<Expr> rows = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        rows.add(AD.gradExpr(index(g, i), "x"));
      }
      Expr hessian = stack(0, rows.toArray(Expr[]::new));
      Tensor batched = AD.eval(Vmap.batch(hessian, Map.of("x", constant(XS))), Bindings.of());
      for (int k = 0; k < B; k++) {
        assertClose(AD.hessian(net(x), Bindings.of("x", row(XS, k)), "x"), row(batched, k));
      }
    }

    @Test
    void shouldMapForwardMode() {
      Var x = new Var("x", Shape.of(3));
      Expr jvp = AD.jvpExpr(net(x), Map.of("x", constant(Tensor.vector(1, -1, 0.5))));
      Tensor got = AD.eval(Vmap.batch(jvp, Map.of("x", constant(XS))), Bindings.of());
      for (int k = 0; k < B; k++) {
        Tensor g = AD.grad(net(x), Bindings.of("x", row(XS, k)), "x");
        assertEquals(g.toArray()[0] - g.toArray()[1] + 0.5 * g.toArray()[2], got.toArray()[k], 1e-12);
      }
    }

    @Test
    void shouldNestVmaps() {
      Tensor xss = Tensor.normal(Key.of(9), Shape.of(2, B, 3), 0, 1);
      Expr ys = Vmap.vmap(Vmap.vmap(VmapTest::net)).apply(constant(xss));
      Tensor got = AD.eval(ys, Bindings.of());
      assertEquals(Shape.of(2, B), got.shape());
      for (int i = 0; i < 2; i++) {
        assertClose(oneAtATime(VmapTest::net, row(xss, i)), row(got, i));
      }
    }

    @Test
    void shouldKeepCustomRulesUnderVmap() {
      Custom.CustomFunction straightThrough = Custom.customJvp("straightThroughSign", a -> sign(a.get(0)),
          (a, t) -> t.get(0));
      UnaryOperator<Expr> f = x -> sum(straightThrough.invoke(x).times(x));
      Expr per = Vmap.vmap(AD.grad(f)).apply(constant(XS));
      Tensor expected = XS.sign().plus(XS);
      assertClose(expected, AD.eval(per, Bindings.of()));
      assertClose(oneAtATime(AD.grad(f), XS), AD.eval(per, Bindings.of()));
    }

    @Test
    void shouldBatchCustomFunctionsAsOneNodeWithTheirRules() {
      Custom.CustomFunction clipped = Custom.customVjp("clippedDot", a -> sum(a.get(0).times(a.get(1))),
          (a, y, yBar) -> java.util.Arrays.asList(clip(yBar.times(a.get(1))), yBar.times(a.get(0))));
      Var w = new Var("w", Shape.of(3));
      Bindings at = Bindings.of("w", Tensor.vector(2, -0.5, 0.25));
      UnaryOperator<Expr> f = x -> clipped.invoke(tanh(x), w);
      Expr one = f.apply(new Var("x", Shape.of(3)));
      for (String wrt : new String[] {"x", "w"}) {
        Expr g = AD.gradExpr(one, wrt);
        Tensor got = AD.eval(Vmap.batch(g, Map.of("x", constant(XS))), at);
        for (int k = 0; k < B; k++) {
          Tensor expected = AD.eval(g, at.with("x", row(XS, k)));
          assertClose(expected, row(got, k));
        }
        assertEquals(Exprs.nodeCount(Vmap.batch(g, Map.of("x", new Var("xs", Shape.of(20, 3))))),
            Exprs.nodeCount(Vmap.batch(g, Map.of("x", new Var("xs", Shape.of(50, 3))))),
            "one custom node for the batch, gradient in " + wrt);
      }
      Expr jvpOfCustom = AD.jvpExpr(sum(SOFT.invoke(new Var("x", Shape.of(3)))),
          Map.of("x", constant(Tensor.vector(1, 0.5, -1))));
      Tensor batched = AD.eval(Vmap.batch(jvpOfCustom, Map.of("x", constant(XS))), Bindings.of());
      for (int k = 0; k < B; k++) {
        assertEquals(AD.eval(jvpOfCustom, Bindings.of("x", row(XS, k))).item(), batched.get(k), 1e-13);
      }
    }

    private static final Custom.CustomFunction SOFT = Custom.customJvp("softplus",
        a -> log(exp(a.get(0)).plus(1.0)), (a, t) -> sigmoid(a.get(0)).times(t.get(0)));

    private static Expr clip(Expr g) {
      return minimum(maximum(g, scalar(-0.3)), scalar(0.3));
    }

    @Test
    void shouldMapCondAndScan() {
      UnaryOperator<Expr> f = x -> Cond.cond(index(x, 0), a -> sum(exp(a.get(0))), a -> sum(square(a.get(0))), x);
      Tensor xs = Tensor.of(new double[] {1, 2, 3, 0, 2, 3, -1, 0.5, 0.5}, 3, 3);
      assertClose(oneAtATime(f, xs), AD.eval(Vmap.vmap(f).apply(constant(xs)), Bindings.of()));
      assertClose(oneAtATime(AD.grad(f), xs), AD.eval(Vmap.vmap(AD.grad(f)).apply(constant(xs)), Bindings.of()));
      UnaryOperator<Expr> rnn = x -> sum(Scans.scan((c, t) -> Step.of(tanh(c.get(0).times(0.5).plus(t.get(0)))),
          List.of(zeros(Shape.of(1))), List.of(reshape(x, Shape.of(3, 1)))).get(1));
      assertClose(oneAtATime(rnn, xs), AD.eval(Vmap.vmap(rnn).apply(constant(xs)), Bindings.of()));
      assertClose(oneAtATime(AD.grad(rnn), xs), AD.eval(Vmap.vmap(AD.grad(rnn)).apply(constant(xs)), Bindings.of()));
      Var x = new Var("x", Shape.of(3));
      Expr g = AD.gradExpr(rnn.apply(x), "x");
      assertEquals(Exprs.nodeCount(Vmap.batch(g, Map.of("x", new Var("xs", Shape.of(20, 3))))),
          Exprs.nodeCount(Vmap.batch(g, Map.of("x", new Var("xs", Shape.of(50, 3))))),
          "a scan is batched as one loop, its gradient's loops too: no node per example (batches above 16, so"
              + " no batch-sized constant is small enough to be shared)");
    }

    @Test
    void shouldBatchACondWithASharedPredicateAsOneCond() {
      Var w = new Var("w", Shape.of(3));
      Bindings at = Bindings.of("w", Tensor.vector(1, -2, 0.5));
      UnaryOperator<Expr> f = x -> Cond.cond(sum(w), a -> sum(exp(a.get(0).times(a.get(1)))),
          a -> sum(square(a.get(0))), x, w);
      for (Tensor wv : new Tensor[] {Tensor.vector(1, -2, 0.5), Tensor.vector(1, -2, 1)}) {
        Bindings b = Bindings.of("w", wv);
        Tensor got = AD.eval(Vmap.vmap(AD.grad(f)).apply(constant(XS)), b);
        for (int k = 0; k < B; k++) {
          Tensor expected = AD.eval(AD.grad(f).apply(constant(row(XS, k))), b);
          assertClose(expected, row(got, k));
        }
      }
      Expr one = f.apply(new Var("x", Shape.of(3)));
      assertEquals(Exprs.nodeCount(Vmap.batch(one, Map.of("x", new Var("xs", Shape.of(20, 3))))),
          Exprs.nodeCount(Vmap.batch(one, Map.of("x", new Var("xs", Shape.of(50, 3))))),
          "a shared predicate: one cond for the batch");
      assertTrue(AD.eval(Vmap.batch(one, Map.of("x", constant(XS))), at).shape().equals(Shape.of(B)));
    }

    @Test
    void shouldCompileTheBatchedGraph() {
      Var xs = new Var("xs", Shape.of(B, 3));
      Expr per = Vmap.vmap(AD.grad(VmapTest::net)).apply(xs);
      Bindings at = Bindings.of("xs", XS);
      assertEquals(AD.eval(per, at), Plan.of(per).run(at).get("out"));
    }
  }

  @Nested
  class BadInput {
    @Test
    void shouldRejectBadAxesArgumentsAndShapes() {
      UnaryOperator<Expr> f = VmapTest::net;
      var e = assertThrows(IllegalArgumentException.class, () -> Vmap.vmap(f, 2, 0).apply(constant(XS)));
      assertTrue(e.getMessage().contains("in-axis 2"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> Vmap.vmap(f, 0, 1).apply(constant(XS)));
      assertTrue(e.getMessage().contains("out-axis 1"), e.getMessage());
      var g = Vmap.vmap(a -> List.of(sum(a.get(0))), Arrays.asList(0, 0), 0);
      e = assertThrows(IllegalArgumentException.class, () -> g.apply(List.of(constant(XS))));
      assertTrue(e.getMessage().contains("1 arguments but 2 in-axes"), e.getMessage());
      var h = Vmap.vmap(a -> List.of(sum(a.get(0).plus(a.get(1)))), Arrays.asList(0, 0), 0);
      e = assertThrows(IllegalArgumentException.class,
          () -> h.apply(List.of(constant(XS), constant(Tensor.zeros(B + 1, 3)))));
      assertTrue(e.getMessage().contains("batch size is " + B), e.getMessage());
      var none = Vmap.vmap(a -> List.of(sum(a.get(0))), Arrays.asList((Integer) null), 0);
      e = assertThrows(IllegalArgumentException.class, () -> none.apply(List.of(constant(XS))));
      assertTrue(e.getMessage().contains("no input is batched"), e.getMessage());
      Var x = new Var("x", Shape.of(3));
      e = assertThrows(IllegalArgumentException.class, () -> Vmap.batch(net(x), Map.of("x", constant(Tensor.zeros(B, 4)))));
      assertTrue(e.getMessage().contains("variable x is [3]"), e.getMessage());
    }
  }
}
