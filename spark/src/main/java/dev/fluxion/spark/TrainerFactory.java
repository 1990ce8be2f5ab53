package dev.fluxion.spark;

import dev.fluxion.nn.train.Trainer;
import java.io.Serializable;

/**
 * Makes the trainer (model, loss, optimizer) on every worker: Spark ships this factory, not the
 * model, so it must be serialisable — a lambda capturing only serialisable values, such as
 * {@code () -> Trainer.of(Mlp.of(Activation.relu(), 128, 10), Losses::softmaxCrossEntropy,
 * Optimizers.adam(1e-3))}. Every call must build the same model, loss and optimizer.
 *
 * @param <P> the parameter tree type
 * @param <S> the model state tree type
 * @param <O> the optimizer state type
 */
@FunctionalInterface
public interface TrainerFactory<P, S, O> extends Serializable {
  /** {@return a trainer; the same model, loss and optimizer on every call} */
  Trainer<P, S, O> create();
}
