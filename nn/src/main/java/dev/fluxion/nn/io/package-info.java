/** Checkpoints in the safetensors format, written atomically. */
@NullMarked
package dev.fluxion.nn.io;

import org.jspecify.annotations.NullMarked;
