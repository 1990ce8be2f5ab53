package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;

/**
 * A scalar function's value and its gradient with respect to each variable.
 *
 * @param value the rank-0 value
 * @param gradient the gradient by variable name, each of its variable's shape (read-only)
 */
public record ValueAndGrad(Tensor value, Map<String, Tensor> gradient) {
  /** Copies the gradient map. */
  public ValueAndGrad {
    gradient = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gradient));
  }

  /**
   * {@return the gradient with respect to {@code name}}
   *
   * @param name a variable of the differentiated expression
   * @throws IllegalArgumentException if there is no such variable
   */
  public Tensor gradient(String name) {
    Tensor t = gradient.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no gradient for " + name + " (variables: " + gradient.keySet() + ")");
    }
    return t;
  }
}
