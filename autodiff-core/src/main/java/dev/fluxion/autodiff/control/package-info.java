/**
 * Control flow in the graph: {@link dev.fluxion.autodiff.control.Scans#scan}, a loop held once in
 * the expression graph whatever its length, with derivatives that are loops too (JAX's
 * {@code lax.scan}); {@link dev.fluxion.autodiff.control.Cond#cond}, a conditional that runs one
 * branch ({@code lax.cond}); {@link dev.fluxion.autodiff.control.Loops#whileLoop}, a loop with a
 * data-dependent trip count, forward-differentiable only ({@code lax.while_loop}); and custom
 * derivative rules ({@link dev.fluxion.autodiff.control.Custom}).
 */
@NullMarked
package dev.fluxion.autodiff.control;

import org.jspecify.annotations.NullMarked;
