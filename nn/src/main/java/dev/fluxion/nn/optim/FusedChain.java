package dev.fluxion.nn.optim;

import dev.fluxion.nn.optim.OptimizerState.ChainState;
import java.util.List;

/**
 * A two-link chain whose {@link #step} a subclass computes in one pass: {@code init} and
 * {@code update} are the chain's, and {@link #links} says whether a state has the chain's shape
 * (otherwise {@code step} falls back to the chain, which reports what is wrong).
 */
abstract class FusedChain implements GradientTransformation<ChainState> {
  private final Chain chain;

  FusedChain(GradientTransformation<?> first, GradientTransformation<?> second) {
    this.chain = new Chain(List.of(first, second));
  }

  @Override
  public final ChainState init(Object params) {
    return chain.init(params);
  }

  @Override
  public final <P> Update<P, ChainState> update(P grads, ChainState state, P params) {
    return chain.update(grads, state, params);
  }

  /** {@code true} when {@code state} holds two link states of the given types, in order. */
  static boolean links(ChainState state, Class<?> first, Class<?> second) {
    return state.states().size() == 2 && first.isInstance(state.states().get(0))
        && second.isInstance(state.states().get(1));
  }
}
