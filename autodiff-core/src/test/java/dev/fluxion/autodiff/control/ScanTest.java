package dev.fluxion.autodiff.control;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scan: values and every derivative agree with the unrolled loop; the graph does not grow with the length. */
class ScanTest {
  private static final int T = 5;
  private static final Var H0 = new Var("h0", Shape.of(2, 3));
  private static final Var XS = new Var("xs", Shape.of(T, 2, 4));
  private static final Var W = new Var("w", Shape.of(3, 3));
  private static final Var U = new Var("u", Shape.of(4, 3));

  /** An Elman RNN step {@code h' = tanh(h W + x U)}. */
  private static Expr cell(Expr h, Expr x) {
    return tanh(matmul(h, W).plus(matmul(x, U)));
  }

  private static Bindings at() {
    return Bindings.of(Map.of(
        "h0", Tensor.normal(Key.of(1), H0.shape(), 0, 0.5),
        "xs", Tensor.normal(Key.of(2), XS.shape(), 0, 1),
        "w", Tensor.normal(Key.of(3), W.shape(), 0, 0.5),
        "u", Tensor.normal(Key.of(4), U.shape(), 0, 0.5)));
  }

  /** {@code sum(final h * c1) + sum(stacked hs * c2)} over the scan. */
  private static Expr scanned() {
    List<Expr> r = Scans.scan((c, x) -> Step.of(cell(c.get(0), x.get(0))), List.of(H0), List.of(XS));
    return loss(r.get(0), r.get(1));
  }

  private static Expr unrolled() {
    Expr h = H0;
    Expr[] hs = new Expr[T];
    for (int t = 0; t < T; t++) {
      h = cell(h, index(XS, t));
      hs[t] = h;
    }
    return loss(h, stack(0, hs));
  }

  private static Expr loss(Expr last, Expr all) {
    Tensor c1 = Tensor.normal(Key.of(5), last.shape(), 0, 1);
    Tensor c2 = Tensor.normal(Key.of(6), all.shape(), 0, 1);
    return sum(last.times(constant(c1))).plus(sum(all.times(constant(c2))));
  }

  @Test
  void shouldComputeTheUnrolledLoopsValueAndGradients() {
    ValueCheck.same(AD.eval(unrolled(), at()), AD.eval(scanned(), at()));
    Map<String, Tensor> g = AD.grad(scanned(), at());
    Map<String, Tensor> u = AD.grad(unrolled(), at());
    for (String name : List.of("h0", "xs", "w", "u")) {
      assertTrue(g.get(name).allClose(u.get(name), 1e-12, 1e-13), name);
    }
  }

  @Test
  void shouldPassGradCheckToSecondOrder() {
    Report r = GradCheck.check(scanned(), at());
    assertTrue(r.passed(), r::toString);
    Expr gw = sum(square(AD.gradExpr(scanned(), "w")));
    Report second = GradCheck.check(gw, at());
    assertTrue(second.passed(), second::toString);
    Tensor hs = AD.hessian(scanned(), at(), "w");
    Tensor hu = AD.hessian(unrolled(), at(), "w");
    assertTrue(hs.allClose(hu, 1e-10, 1e-12), "Hessian equals the unrolled loop's");
  }

  @Test
  void shouldCompileIntoAPlanAndMatchTheInterpreter() {
    Expr loss = scanned();
    Plan p = Plan.valueAndGrad(loss, List.of("w", "u", "h0", "xs"));
    Map<String, Tensor> out = p.run(at());
    Map<String, Tensor> g = AD.grad(loss, at());
    assertEquals(AD.eval(loss, at()), out.get("loss"));
    for (String name : List.of("w", "u", "h0", "xs")) {
      assertEquals(g.get(name), out.get(name), name);
    }
  }

  @Test
  void shouldDifferentiateAThousandStepsWithAGraphIndependentOfTheLength() {
    int n = 1000;
    Var xs = new Var("long", Shape.of(n, 1, 4));
    List<Expr> r = Scans.scan((c, x) -> Step.of(cell(c.get(0), x.get(0))), List.of(new Var("h", Shape.of(1, 3))),
        List.of(xs));
    Expr loss = sum(r.get(0));
    Map<String, Expr> g = AD.gradExpr(loss, List.of("w"));
    int nodes = Exprs.nodeCount(g.get("w"));
    assertTrue(nodes < 60, "gradient graph of " + nodes + " nodes for 1000 steps");
    Bindings b = Bindings.of(Map.of("long", Tensor.normal(Key.of(7), xs.shape(), 0, 1),
        "h", Tensor.zeros(Shape.of(1, 3)), "w", Tensor.normal(Key.of(3), W.shape(), 0, 0.3),
        "u", Tensor.normal(Key.of(4), U.shape(), 0, 0.3)));
    Tensor gw = AD.grad(loss, b, "w");
    assertTrue(gw.allFinite());
    Tensor fd = finiteDifference(loss, b, "w", 1, 2);
    assertEquals(fd.item(), gw.get(1, 2), 1e-6 * (1 + Math.abs(fd.item())));
  }

  @Test
  void shouldRunBackwardWithOutputsAtTheirOwnPositionsAndTakeIntegerSequences() {
    Var ids = new Var("ids", Shape.of(3), DType.INT32);
    Var table = new Var("table", Shape.of(4, 2));
    List<Expr> r = Scans.scan((c, x) -> Step.of(c.get(0).plus(gather(table, x.get(0), 0))),
        List.of(zeros(Shape.of(2), DType.FLOAT64)), List.of(ids), 3, true);
    Tensor tab = Tensor.of(new double[] {1, 2, 10, 20, 100, 200, 1000, 2000}, 4, 2);
    Bindings b = Bindings.of(Map.of("ids", Tensor.of(new int[] {0, 2, 3}, 3), "table", tab));
    assertEquals(Tensor.of(new double[] {1101, 2202, 1100, 2200, 1000, 2000}, 3, 2), AD.eval(r.get(1), b));
    Tensor g = AD.grad(sum(r.get(1)), b, "table");
    assertEquals(Tensor.of(new double[] {1, 1, 0, 0, 2, 2, 3, 3}, 4, 2), g, "row of ids[t] counted t+1 times");
  }

  @Test
  void shouldRejectAStepThatChangesItsCarry() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Scans.scan((c, x) -> Step.of(sum(c.get(0))), List.of(H0), List.of(XS)));
    assertTrue(e.getMessage().contains("carry 0 enters as [2, 3]"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class,
        () -> Scans.scan((c, x) -> Step.of(c.get(0)), List.of(H0), List.of(XS), 4, false));
    assertTrue(f.getMessage().contains("leading dimension must be the length 4"), f.getMessage());
  }

  private static Tensor finiteDifference(Expr f, Bindings b, String name, int i, int j) {
    double h = 1e-6;
    Tensor x = b.get(name);
    double[] d = x.toArray();
    int k = i * x.shape().dim(1) + j;
    d[k] += h;
    double up = AD.eval(f, b.with(name, Tensor.of(d, x.shape()))).item();
    d[k] -= 2 * h;
    double down = AD.eval(f, b.with(name, Tensor.of(d, x.shape()))).item();
    return Tensor.scalar((up - down) / (2 * h));
  }

  /** Equality up to the rounding of a different summation order. */
  private static final class ValueCheck {
    static void same(Tensor a, Tensor b) {
      assertTrue(a.allClose(b, 1e-13, 1e-13), a + " vs " + b);
    }
  }
}
