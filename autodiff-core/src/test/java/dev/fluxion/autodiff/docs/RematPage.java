package dev.fluxion.autodiff.docs;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.compile.Plan;
import dev.fluxion.autodiff.control.DeepTanh;
import dev.fluxion.autodiff.expr.Var;
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
  private static final DeepTanh NET = new DeepTanh(32, 128, 512);

  private RematPage() {}

  static String table() {
    Bindings at = NET.at();
    StringBuilder sb = new StringBuilder("| layers per checkpoint | peak live bytes | of the plain step's | same loss and"
        + " gradient, bit for bit |\n|--:|--:|--:|:--|\n");
    Map<String, Tensor> plain = null;
    long plainPeak = 0;
    for (int per : new int[] {0, 8, 4, 2, 1}) {
      Plan plan = Plan.valueAndGrad(NET.loss(per), NET.weights());
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
