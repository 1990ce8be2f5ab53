/**
 * Internal to {@code dev.fluxion.autodiff} (not exported): the convolution and pooling shape
 * rules and the scalar kernels that {@code tensor} and the ops share.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.tensor.internal;
