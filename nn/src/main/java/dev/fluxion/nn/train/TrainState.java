package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.Checks;

/**
 * Everything training needs to continue: parameters, model state, optimizer state, the number
 * of optimizer steps taken and of epochs completed. Saving it and continuing later gives the
 * same result, bit for bit, as never stopping.
 *
 * @param params the parameter tree
 * @param modelState the model state tree (BatchNorm statistics, …; {@code NoState} for stateless models)
 * @param optimizerState the optimizer's state
 * @param step optimizer steps taken, {@code >= 0}
 * @param epoch epochs completed, {@code >= 0}
 * @param <P> the parameter record
 * @param <S> the model state record
 * @param <O> the optimizer state
 */
public record TrainState<P, S, O>(P params, S modelState, O optimizerState, long step, int epoch) {
  /** Validates. */
  public TrainState {
    Checks.notNull(params, "params");
    Checks.notNull(modelState, "modelState");
    Checks.notNull(optimizerState, "optimizerState");
    if (step < 0 || epoch < 0) {
      throw new IllegalArgumentException("TrainState: step and epoch must be >= 0");
    }
  }
}
