package dev.fluxion.nn.train;

import org.jspecify.annotations.Nullable;

/**
 * Where an epoch of training runs: this process's loop over a {@code DataLoader} (what
 * {@link Trainer#fit} uses) or workers elsewhere (the spark module). {@link Trainer#resume(TrainState,
 * EpochRunner, FitOptions)} runs the epochs and does the rest — validation, statistics, callbacks,
 * checkpoints — the same way for both.
 *
 * @param <P> the parameter tree type
 * @param <S> the model state tree type
 * @param <O> the optimizer state type
 */
public interface EpochRunner<P, S, O> {
  /**
   * Trains epoch {@code epoch} from {@code start}.
   *
   * @param start the state after the previous epoch (its {@code epoch} is {@code epoch - 1})
   * @param epoch the epoch to run, {@code >= 1}
   * @param options the fit's options (seed, output, quiet)
   * @return the state after the epoch's last step and the epoch's sums
   */
  Epoch<P, S, O> run(TrainState<P, S, O> start, int epoch, FitOptions options);

  /** {@return the examples per step, also the batch size of validation} */
  int batchSize();

  /**
   * What an epoch did.
   *
   * @param end the state after its last step (its {@code epoch} field is set by the trainer)
   * @param lossSum the sum over steps of the batch loss times the batch size
   * @param correct correct predictions (NaN when the targets are not labels)
   * @param seen examples trained on
   * @param stopped why the epoch stopped early (e.g. a non-finite loss), or null
   * @param <P> the parameter tree type
   * @param <S> the model state tree type
   * @param <O> the optimizer state type
   */
  record Epoch<P, S, O>(TrainState<P, S, O> end, double lossSum, double correct, long seen, @Nullable String stopped) {}
}
