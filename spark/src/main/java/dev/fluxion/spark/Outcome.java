package dev.fluxion.spark;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What rank 0 sends back to the driver at the end of an epoch's stage: the train state's leaves
 * and the epoch's sums.
 *
 * @param params the parameters' leaves after the epoch
 * @param optState the optimizer state's leaves
 * @param modelState the model state's leaves
 * @param step the step count after the epoch
 * @param lossSum the sum over steps of the global batch's loss times its size
 * @param correct correct predictions (NaN when the targets are not labels)
 * @param seen examples trained on
 * @param stopped why the epoch stopped early, or null
 * @param stepNanos rank 0's nanoseconds in gradients, exchanges and updates
 */
record Outcome(Leaves params, Leaves optState, Leaves modelState, long step, double lossSum, double correct,
    long seen, @Nullable String stopped, long[] stepNanos) implements Serializable {}
