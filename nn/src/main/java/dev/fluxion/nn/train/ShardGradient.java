package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What one data-parallel worker contributes to a step, or the sum of several: the gradient of the
 * mean loss over its micro-batch, leaf by leaf in the parameters' depth-first order, its loss and
 * its number of correct predictions. Workers add these in {@link TreeReduce} order.
 *
 * @param loss the micro-batch loss (a sum of losses once added)
 * @param correct correct predictions (NaN when the targets are not labels)
 * @param shards how many micro-batches were added into this one, {@code >= 1}
 * @param grads the gradient leaves (an unmodifiable copy)
 */
public record ShardGradient(double loss, double correct, int shards, List<Tensor> grads) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code grads} is null or {@code shards < 1}
   */
  public ShardGradient {
    grads = List.copyOf(Checks.notNull(grads, "grads"));
    if (shards < 1) {
      throw new IllegalArgumentException("ShardGradient: shards must be >= 1, got " + shards);
    }
  }

  /**
   * {@return this plus {@code other}: losses, correct counts, shard counts and gradients leaf by leaf}
   *
   * @param other a contribution to the same parameters
   * @throws IllegalArgumentException if the leaves differ in number, shape or dtype
   */
  public ShardGradient plus(ShardGradient other) {
    Checks.notNull(other, "other");
    if (other.grads.size() != grads.size()) {
      throw new IllegalArgumentException("ShardGradient.plus: " + grads.size() + " leaves and " + other.grads.size());
    }
    List<Tensor> sum = new ArrayList<>(grads.size());
    for (int i = 0; i < grads.size(); i++) {
      Tensor a = grads.get(i);
      Tensor b = other.grads.get(i);
      if (!a.shape().equals(b.shape()) || a.dtype() != b.dtype()) {
        throw new IllegalArgumentException("ShardGradient.plus: leaf " + i + " is " + a.dtype() + a.shape() + " and "
            + b.dtype() + b.shape());
      }
      sum.add(a.plus(b));
    }
    return new ShardGradient(loss + other.loss, correct + other.correct, shards + other.shards, sum);
  }
}
