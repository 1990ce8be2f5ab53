package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Fused;
import dev.fluxion.nn.optim.OptimizerState.AdamState;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.OptimizerState.CountState;
import dev.fluxion.nn.tree.Trees;
import io.vavr.collection.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam: {@code chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(lr))}, whose {@link #step}
 * computes both moments and the new parameters in one pass per leaf ({@link Fused#adamStep}), the
 * same bits as {@code update} and {@code applyUpdates}. A state of another shape goes to the
 * chain, which reports what is wrong.
 */
final class AdamStep extends FusedChain {
  private final double b1;
  private final double b2;
  private final double eps;
  private final Schedule learningRate;

  AdamStep(double b1, double b2, double eps, Schedule learningRate) {
    super(new ScaleByAdam(b1, b2, eps), new ScaleByLearningRate(Checks.notNull(learningRate, "learningRate")));
    this.learningRate = learningRate;
    this.b1 = b1;
    this.b2 = b2;
    this.eps = eps;
  }

  @Override
  public <P> Step<P, ChainState> step(P grads, ChainState state, P params) {
    Checks.notNull(grads, "grads");
    Checks.notNull(state, "state");
    if (!links(state, AdamState.class, CountState.class)) {
      return super.step(grads, state, params);
    }
    AdamState adam = (AdamState) state.states().get(0);
    CountState count = (CountState) state.states().get(1);
    long t = adam.steps() + 1;
    double c1 = 1 - Math.pow(b1, t);
    double c2 = 1 - Math.pow(b2, t);
    long step = count.steps();
    double scale = -ScaleByLearningRate.rate(learningRate, step);
    LinkedHashMap<String, Expr> ms = TreeMath.aligned("grads", grads, "state.mu", adam.mu());
    LinkedHashMap<String, Expr> vs = TreeMath.aligned("grads", grads, "state.nu", adam.nu());
    LinkedHashMap<String, Expr> ps = TreeMath.aligned("grads", grads, "params", params);
    Map<String, Fused.AdamParams> out = new HashMap<>();
    P mu = Trees.mapWithPath(grads, (path, g) -> {
      Fused.AdamParams s = Fused.adamStep(Trees.value(ps.get(path).get()), Trees.value(g),
          Trees.value(ms.get(path).get()), Trees.value(vs.get(path).get()), b1, b2, c1, c2, eps, scale);
      out.put(path, s);
      return Fx.constant(s.mu());
    });
    P nu = Trees.mapWithPath(grads, (path, g) -> Fx.constant(out.get(path).nu()));
    P next = Trees.mapWithPath(params, (path, p) -> Fx.constant(out.get(path).params()));
    AdamState a = new AdamState(mu, nu, TreeMath.count(t));
    return new Step<>(next, new ChainState(List.of(a, new CountState(TreeMath.count(step + 1)))));
  }
}
