package dev.fluxion.nn.optim;

/**
 * A pure optimizer step, as in Optax: {@code init(params) -> state} and
 * {@code update(grads, state, params) -> (updates, state)}; apply the updates with
 * {@code Optimizers.applyUpdates(params, updates)}. Same inputs, same outputs, bit for bit;
 * nothing is mutated.
 *
 * <p>Parameter, gradient and update trees share one structure (see {@code Trees}); the state
 * type {@code S} is one immutable record per algorithm.
 *
 * @param <S> the optimizer state
 */
public interface GradientTransformation<S> {
  /**
   * {@return the initial state for parameters {@code params}}
   *
   * @param params the parameter record
   */
  S init(Object params);

  /**
   * {@return the updates for gradients {@code grads} (same tree structure as {@code params}) and the next state}
   *
   * @param <P> the parameter record type
   * @param grads the gradients, a tree like the parameters
   * @param state the state
   * @param params the parameter record
   * @throws IllegalArgumentException if the trees' structures differ
   */
  <P> Update<P, S> update(P grads, S state, P params);

  /**
   * The result of one {@link #update}.
   *
   * @param updates the tree to add to the parameters
   * @param state the next optimizer state
   * @param <P> the parameter tree type
   * @param <S> the state type
   */
  record Update<P, S>(P updates, S state) {}
}
