/**
 * Internal to {@code dev.fluxion.autodiff} (not exported): the convolution and pooling shape
 * rules, the scalar kernels that {@code tensor} and the ops share, and the door through which
 * compiled plans (only) donate their dead buffers to elementwise passes ({@code Donations}).
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.tensor.internal;
