/** Build once, run many: expressions compiled into reusable evaluation plans. */
@NullMarked
package dev.fluxion.autodiff.compile;

import org.jspecify.annotations.NullMarked;
