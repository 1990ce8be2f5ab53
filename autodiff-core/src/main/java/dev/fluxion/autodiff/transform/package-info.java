/**
 * Transforms of whole functions besides differentiation: {@link dev.fluxion.autodiff.transform.Vmap#vmap},
 * which maps a function written for one example over a batch (JAX's {@code vmap}), by a batching rule
 * each op keeps with itself.
 */
@NullMarked
package dev.fluxion.autodiff.transform;

import org.jspecify.annotations.NullMarked;
