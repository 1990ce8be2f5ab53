package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;

/**
 * A reverse-mode result: {@code f(x)} and {@code u^T J} for each variable.
 *
 * @param value the primal output
 * @param cotangents by variable name, each of its variable's shape (read-only)
 */
public record Vjp(Tensor value, Map<String, Tensor> cotangents) {
  /** Copies the map. */
  public Vjp {
    cotangents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cotangents));
  }
}
