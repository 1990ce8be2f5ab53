/**
 * Immutable float64 tensors and shapes: NumPy broadcasting, reductions, layout and matrix kernels.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.tensor;
