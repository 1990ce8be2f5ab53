/**
 * Neural networks on Fluxion: layers as pure functions over immutable parameter records,
 * losses, initializers, optimizers as pure state transitions, data, training and checkpoints.
 */
@NullMarked
package dev.fluxion.nn;

import org.jspecify.annotations.NullMarked;
