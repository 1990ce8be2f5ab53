package dev.fluxion.autodiff.docs;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.control.Scans;
import dev.fluxion.autodiff.control.Step;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tour's {@code scan} block: graph sizes of an RNN's loss and gradient, unrolled and as a scan. */
final class ScanPage {
  private static final Var W = new Var("w", Shape.of(4, 4));
  private static final Var U = new Var("u", Shape.of(3, 4));

  private ScanPage() {}

  private static Expr cell(Expr h, Expr x) {
    return tanh(matmul(h, W).plus(matmul(x, U)));
  }

  static String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| steps T | unrolled: loss nodes | unrolled: gradient nodes | scan: loss nodes | scan: gradient nodes"
        + " | max abs. difference of ∂loss/∂w |\n|--:|--:|--:|--:|--:|--:|\n");
    for (int t : new int[] {10, 100, 1000}) {
      Var xs = new Var("xs", Shape.of(t, 1, 3));
      Var h0 = new Var("h0", Shape.of(1, 4));
      Expr h = h0;
      for (int s = 0; s < t; s++) {
        h = cell(h, index(xs, s));
      }
      Expr unrolled = sum(h);
      Expr scanned = sum(Scans.scan((c, x) -> Step.of(cell(c.get(0), x.get(0))), List.of(h0), List.of(xs)).get(0));
      Expr gu = AD.gradExpr(unrolled, "w");
      Expr gs = AD.gradExpr(scanned, "w");
      Bindings at = Bindings.of(Map.of("xs", Tensor.normal(Key.of(1), xs.shape(), 0, 1), "h0", Tensor.zeros(h0.shape()),
          "w", Tensor.normal(Key.of(2), W.shape(), 0, 0.4), "u", Tensor.normal(Key.of(3), U.shape(), 0, 0.4)));
      double diff = AD.eval(gu, at).minus(AD.eval(gs, at)).abs().max().item();
      sb.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %.1e |%n", t, Exprs.nodeCount(unrolled),
          Exprs.nodeCount(gu), Exprs.nodeCount(scanned), Exprs.nodeCount(gs), diff));
    }
    return sb.toString();
  }
}
