/** Optimizers as pure state transitions (Optax): gradient transformations, chains and schedules. */
@NullMarked
package dev.fluxion.nn.optim;

import org.jspecify.annotations.NullMarked;
