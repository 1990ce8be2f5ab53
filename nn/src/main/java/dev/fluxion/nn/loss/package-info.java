/** Losses, penalties and metrics. */
@NullMarked
package dev.fluxion.nn.loss;

import org.jspecify.annotations.NullMarked;
