package dev.fluxion.nn.optim;

/**
 * A pure optimizer step, as in Optax: {@code init(params) -> state} and
 * {@code update(grads, state, params) -> (updates, state)}; apply the updates with
 * {@code Optimizers.applyUpdates(params, updates)}: the one way to step (Optax has no fused
 * {@code step}; speed comes from compiling the whole training step). Same inputs, same outputs,
 * bit for bit; nothing is mutated.
 *
 * <p>Parameter, gradient and update trees share one structure (see {@code Trees}); the state
 * type {@code S} is one immutable record per algorithm, whose numbers (moments, step counters)
 * are all leaves.
 *
 * <p>The built-in transformations compute in {@code Expr} arithmetic: with constant leaves
 * {@code update} computes the values at once; with traced leaves (variables for the gradients,
 * the state and the parameters) it returns the expressions of the updates and the next state,
 * ready to be compiled into a training step ({@code jax.jit} of an Optax update).
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
   * @param grads the gradients, a tree like the parameters (constant or traced leaves)
   * @param state the state, from {@link #init} or a previous update (traced like the gradients)
   * @param params the parameters the gradients were taken at
   * @throws IllegalArgumentException naming the first path where the trees' structures or leaf
   *     shapes differ, or (eagerly) a hyperparameter schedule's bad value and its step
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
