package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import java.util.ArrayList;
import java.util.List;

/** Links applied in order, each to the previous link's updates; the state holds one state per link. */
final class Chain implements GradientTransformation<ChainState> {
  private final List<GradientTransformation<?>> links;

  Chain(List<GradientTransformation<?>> links) {
    this.links = List.copyOf(links);
  }

  @Override
  public ChainState init(Object params) {
    Checks.notNull(params, "params");
    List<Object> states = new ArrayList<>(links.size());
    for (GradientTransformation<?> link : links) {
      states.add(link.init(params));
    }
    return new ChainState(states);
  }

  @Override
  public <P> Update<P, ChainState> update(P grads, ChainState state, P params) {
    Checks.notNull(grads, "grads");
    Checks.notNull(state, "state");
    if (state.states().size() != links.size()) {
      throw new IllegalArgumentException("state has " + state.states().size() + " link states but the chain has "
          + links.size() + " links");
    }
    P updates = grads;
    List<Object> next = new ArrayList<>(links.size());
    for (int i = 0; i < links.size(); i++) {
      Update<P, ?> u = step(links.get(i), updates, state.states().get(i), params);
      updates = u.updates();
      next.add(u.state());
    }
    return new Update<>(updates, new ChainState(next));
  }

  @SuppressWarnings("unchecked")
  private static <S, P> Update<P, S> step(GradientTransformation<S> link, P grads, Object state, P params) {
    return link.update(grads, (S) state, params);
  }
}
