package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Fused;
import dev.fluxion.nn.optim.OptimizerState.AdamState;
import dev.fluxion.nn.tree.Trees;
import io.vavr.collection.LinkedHashMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam's direction (Kingma and Ba, Algorithm 1): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code u = (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 */
final class ScaleByAdam implements GradientTransformation<AdamState> {
  private final double b1;
  private final double b2;
  private final double eps;

  ScaleByAdam(double b1, double b2, double eps) {
    this.b1 = b1;
    this.b2 = b2;
    this.eps = eps;
  }

  @Override
  public AdamState init(Object params) {
    return new AdamState(Trees.zerosLike(params), Trees.zerosLike(params), TreeMath.count(0));
  }

  @Override
  public <P> Update<P, AdamState> update(P grads, AdamState state, P params) {
    Checks.notNull(state, "state");
    long t = state.steps() + 1;
    double c1 = 1 - Math.pow(b1, t);
    double c2 = 1 - Math.pow(b2, t);
    // One pass per leaf for both moments and the direction (Fused.adam: the same bits as three).
    LinkedHashMap<String, Expr> ms = TreeMath.aligned("grads", grads, "state.mu", state.mu());
    LinkedHashMap<String, Expr> vs = TreeMath.aligned("grads", grads, "state.nu", state.nu());
    Map<String, Fused.AdamStep> steps = new HashMap<>();
    P updates = Trees.mapWithPath(grads, (path, g) -> {
      Fused.AdamStep s = Fused.adam(Trees.value(g), Trees.value(ms.get(path).get()), Trees.value(vs.get(path).get()),
          b1, b2, c1, c2, eps);
      steps.put(path, s);
      return Fx.constant(s.direction());
    });
    P mu = Trees.mapWithPath(grads, (path, g) -> Fx.constant(steps.get(path).mu()));
    P nu = Trees.mapWithPath(grads, (path, g) -> Fx.constant(steps.get(path).nu()));
    return new Update<>(updates, new AdamState(mu, nu, TreeMath.count(t)));
  }
}
