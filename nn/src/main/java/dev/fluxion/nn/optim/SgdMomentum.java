package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Fused;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.OptimizerState.CountState;
import dev.fluxion.nn.optim.OptimizerState.TraceState;
import dev.fluxion.nn.tree.Trees;
import io.vavr.collection.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with momentum: {@code chain(trace(mu), scaleByLearningRate(lr))}, whose {@link #step}
 * computes the new trace and parameters in one pass per leaf ({@link Fused#momentumStep}), the
 * same bits as {@code update} and {@code applyUpdates}. A state of another shape goes to the chain,
 * which reports what is wrong.
 */
final class SgdMomentum extends FusedChain {
  private final double momentum;
  private final Schedule learningRate;

  SgdMomentum(double momentum, Schedule learningRate) {
    super(new Trace(momentum, false), new ScaleByLearningRate(Checks.notNull(learningRate, "learningRate")));
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  @Override
  public <P> Step<P, ChainState> step(P grads, ChainState state, P params) {
    Checks.notNull(grads, "grads");
    Checks.notNull(state, "state");
    if (!links(state, TraceState.class, CountState.class)) {
      return super.step(grads, state, params);
    }
    TraceState trace = (TraceState) state.states().get(0);
    CountState count = (CountState) state.states().get(1);
    long step = count.steps();
    double scale = -ScaleByLearningRate.rate(learningRate, step);
    LinkedHashMap<String, Expr> traces = TreeMath.aligned("grads", grads, "state.trace", trace.trace());
    LinkedHashMap<String, Expr> ps = TreeMath.aligned("grads", grads, "params", params);
    Map<String, Fused.MomentumStep> out = new HashMap<>();
    P nextTrace = Trees.mapWithPath(grads, (path, g) -> {
      Fused.MomentumStep s = Fused.momentumStep(Trees.value(ps.get(path).get()),
          Trees.value(traces.get(path).get()), momentum, Trees.value(g), scale);
      out.put(path, s);
      return Fx.constant(s.trace());
    });
    P next = Trees.mapWithPath(params, (path, p) -> Fx.constant(out.get(path).params()));
    return new Step<>(next, new ChainState(List.of(new TraceState(nextTrace), new CountState(TreeMath.count(step + 1)))));
  }
}
