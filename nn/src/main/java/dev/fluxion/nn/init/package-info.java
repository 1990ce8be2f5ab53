/** Parameter initializers, seeded by an explicit key. */
@NullMarked
package dev.fluxion.nn.init;

import org.jspecify.annotations.NullMarked;
