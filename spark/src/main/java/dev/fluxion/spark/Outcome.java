package dev.fluxion.spark;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What rank 0 sends back to the driver at the end of an epoch's stage: the train state's leaves
 * and the epoch's sums.
 */
record Outcome(Leaves params, Leaves optState, Leaves modelState, long step, double lossSum, double correct,
    long seen, @Nullable String stopped, long[] stepNanos) implements Serializable {}
