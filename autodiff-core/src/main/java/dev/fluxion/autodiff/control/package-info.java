/**
 * Control flow in the graph: {@link dev.fluxion.autodiff.control.Scans#scan}, a loop held once in
 * the expression graph whatever its length, with derivatives that are loops too (JAX's
 * {@code lax.scan}).
 */
@NullMarked
package dev.fluxion.autodiff.control;

import org.jspecify.annotations.NullMarked;
