/** The training loop, history, callbacks and progress. */
@NullMarked
package dev.fluxion.nn.train;

import org.jspecify.annotations.NullMarked;
