/**
 * Synchronous data-parallel training of {@code nn} models on Apache Spark: one long-running
 * barrier task per worker, gradients summed in a fixed tree order over the workers' own sockets,
 * the same optimizers, schedules, callbacks and checkpoints as {@code Trainer}.
 */
@NullMarked
package dev.fluxion.spark;

import org.jspecify.annotations.NullMarked;
