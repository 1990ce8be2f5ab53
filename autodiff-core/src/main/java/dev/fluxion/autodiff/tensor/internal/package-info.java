/**
 * Internal to {@code dev.fluxion.autodiff} (not exported): the kernels behind the ops and compiled
 * plans (convolution and pooling, fused steps, the {@code Pointwise} elementwise programs with
 * buffer donation, the thread pool), the convolution and pooling shape rules, the scalar
 * kernels that {@code tensor} and the ops share, and {@code Storage}, the kernels' door to a
 * tensor's backing array.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.tensor.internal;
