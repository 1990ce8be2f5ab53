package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values for variables, by name: an immutable, insertion-ordered map.
 *
 * @param values the bindings; copied, and read-only
 */
public record Bindings(Map<String, Tensor> values) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a name or value is null
   */
  public Bindings {
    Checks.notNull(values, "values");
    Map<String, Tensor> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : values.entrySet()) {
      copy.put(Checks.notNull(e.getKey(), "binding name"), Checks.notNull(e.getValue(), "binding " + e.getKey()));
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** No bindings. */
  public static Bindings of() {
    return new Bindings(Map.of());
  }

  /** Bindings copied from a map. */
  public static Bindings of(Map<String, Tensor> values) {
    return new Bindings(values);
  }

  /** One binding. */
  public static Bindings of(String name, Tensor value) {
    return of().with(name, value);
  }

  /** One scalar binding. */
  public static Bindings of(String name, double value) {
    return of().with(name, value);
  }

  /** These bindings plus {@code name = value} (replacing an earlier value). */
  public Bindings with(String name, Tensor value) {
    Map<String, Tensor> m = new LinkedHashMap<>(values);
    m.put(Checks.notNull(name, "name"), Checks.notNull(value, "value"));
    return new Bindings(m);
  }

  /** These bindings plus the scalar {@code name = value}. */
  public Bindings with(String name, double value) {
    return with(name, Tensor.scalar(value));
  }

  /**
   * The value bound to {@code name}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public Tensor get(String name) {
    Tensor t = values.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no binding for variable " + name + " (bound: " + values.keySet() + ")");
    }
    return t;
  }

  /** True if {@code name} is bound. */
  public boolean contains(String name) {
    return values.containsKey(Checks.notNull(name, "name"));
  }
}
