package dev.fluxion.autodiff.docs;

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
import java.util.Locale;
import java.util.Map;

/**
 * The tour's {@code remat} block: peak live bytes of a deep network's compiled loss-and-gradient step
 * with blocks of layers checkpointed, and whether its results are the plain step's bit for bit.
 */
final class RematPage {
  static final int DEPTH = 32;
  static final int WIDTH = 128;
  static final int BATCH = 512;

  private RematPage() {}

  /** {@code mean((tanh(... tanh(x W0) ...) W31)²)}, each block of {@code per} layers one checkpoint ({@code per = 0}: none). */
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

  static List<String> weights() {
    List<String> w = new ArrayList<>();
    for (int l = 0; l < DEPTH; l++) {
      w.add("w" + l);
    }
    return w;
  }

  static Bindings at() {
    Bindings b = Bindings.of("x", Tensor.normal(Key.of(1), Shape.of(BATCH, WIDTH), 0, 1));
    for (int l = 0; l < DEPTH; l++) {
      b = b.with("w" + l, Tensor.normal(Key.of(2).fold(l), Shape.of(WIDTH, WIDTH), 0, 1.0 / Math.sqrt(WIDTH)));
    }
    return b;
  }

  static String table() {
    Bindings at = at();
    StringBuilder sb = new StringBuilder("| layers per checkpoint | peak live bytes | of the plain step's | same loss and"
        + " gradient, bit for bit |\n|--:|--:|--:|:--|\n");
    Map<String, Tensor> plain = null;
    long plainPeak = 0;
    for (int per : new int[] {0, 8, 4, 2, 1}) {
      Plan plan = Plan.valueAndGrad(loss(per), weights());
      List<Tensor> args = new ArrayList<>();
      for (Var v : plan.parameters()) {
        args.add(at.get(v.name()));
      }
      long peak = plan.peakLiveBytes(args);
      Map<String, Tensor> out = plan.run(at);
      if (per == 0) {
        plain = out;
        plainPeak = peak;
      }
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %s |%n", per == 0 ? "none" : Integer.toString(per), peak,
          (double) peak / plainPeak, out.equals(plain) ? "yes" : "NO"));
    }
    return sb.toString();
  }
}
