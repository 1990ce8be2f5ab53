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
final class SgdMomentum implements GradientTransformation<ChainState> {
  private final Chain chain;
  private final double momentum;
  private final Schedule learningRate;

  SgdMomentum(double momentum, Schedule learningRate) {
    this.learningRate = Checks.notNull(learningRate, "learningRate");
    this.momentum = momentum;
    this.chain = new Chain(List.of(new Trace(momentum, false), new ScaleByLearningRate(learningRate)));
  }

  @Override
  public ChainState init(Object params) {
    return chain.init(params);
  }

  @Override
  public <P> Update<P, ChainState> update(P grads, ChainState state, P params) {
    return chain.update(grads, state, params);
  }

  @Override
  public <P> Step<P, ChainState> step(P grads, ChainState state, P params) {
    Checks.notNull(grads, "grads");
    Checks.notNull(state, "state");
    if (state.states().size() != 2 || !(state.states().get(0) instanceof TraceState trace)
        || !(state.states().get(1) instanceof CountState count)) {
      return GradientTransformation.super.step(grads, state, params);
    }
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
