package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Batch;
import dev.fluxion.autodiff.transform.Vmap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The batching rule of {@link Scan}: one scan over the batch instead of one per example. Its carries
 * lead with the batch axis (an unbatched initial carry is broadcast), batched sequences carry it second
 * ({@code [length, b, ...]}), and its step is the step batched by {@code vmap}: the placeholders of
 * batched carries, slices and constants gain the batch axis, the others are substituted as they are.
 * Stacked outputs come back {@code [length, b, ...]} and are moved to {@code [b, length, ...]}. The
 * results of one loop (one node each) share the batched loop.
 */
final class ScanBatching {
  private ScanBatching() {}

  static Expr batch(ScanBody body, int length, int output, boolean reverse, List<Expr> x, Batch b) {
    List<Expr> results = body.batched(x, b, () -> loop(body, length, reverse, x, b));
    return results.get(output);
  }

  private static List<Expr> loop(ScanBody body, int length, boolean reverse, List<Expr> x, Batch b) {
    int k = body.carries.size();
    int m = body.xs.size();
    List<Expr> init = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      init.add(b.lead(x, j));
    }
    List<Expr> seqs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      seqs.add(b.batched(k + i) ? swapLeading(x.get(k + i)) : x.get(k + i));
    }
    Step.Fn step = (c, xt) -> {
      Map<String, Expr> batched = new HashMap<>();
      Map<String, Expr> plain = new HashMap<>();
      for (int j = 0; j < k; j++) {
        batched.put(body.carries.get(j).name(), c.get(j));
      }
      for (int i = 0; i < m; i++) {
        (b.batched(k + i) ? batched : plain).put(body.xs.get(i).name(), xt.get(i));
      }
      for (int l = 0; l < body.consts.size(); l++) {
        (b.batched(k + m + l) ? batched : plain).put(body.consts.get(l).name(), x.get(k + m + l));
      }
      List<Expr> outs = new ArrayList<>();
      for (Expr o : body.outputs) {
        outs.add(Exprs.substitute(o, plain));
      }
      List<Expr> y = Vmap.batch(outs, batched);
      return new Step(y.subList(0, k), y.subList(k, y.size()));
    };
    List<Expr> r = Scans.scan(step, init, seqs, length, reverse);
    List<Expr> out = new ArrayList<>(r.size());
    for (int o = 0; o < r.size(); o++) {
      out.add(o < k ? r.get(o) : swapLeading(r.get(o)));
    }
    return out;
  }

  /** {@return {@code x} with its first two axes swapped} */
  private static Expr swapLeading(Expr x) {
    int[] perm = new int[x.shape().rank()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    perm[0] = 1;
    perm[1] = 0;
    return Fx.permute(x, perm);
  }
}
