/** Layers: pure functions over immutable parameter records, with explicit keys and state. */
@NullMarked
package dev.fluxion.nn.layer;

import org.jspecify.annotations.NullMarked;
