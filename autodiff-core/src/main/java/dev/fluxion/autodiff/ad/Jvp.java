package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.tensor.Tensor;

/**
 * A forward-mode result: {@code f(x)} and the directional derivative {@code J v}.
 *
 * @param value the primal output
 * @param tangent the output tangent, shape of {@code value}
 */
public record Jvp(Tensor value, Tensor tangent) {}
