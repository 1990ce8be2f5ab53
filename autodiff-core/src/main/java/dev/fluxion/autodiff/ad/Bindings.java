package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.expr.Var;
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

  /** {@return no bindings} */
  public static Bindings of() {
    return new Bindings(Map.of());
  }

  /** {@return bindings copied from a map} */
  public static Bindings of(Map<String, Tensor> values) {
    return new Bindings(values);
  }

  /**
   * {@return one binding}
   *
   * @param name a variable's name, non-blank
   * @param value of that variable's shape
   */
  public static Bindings of(String name, Tensor value) {
    return of().with(name, value);
  }

  /**
   * {@return one scalar binding}
   *
   * @param name a scalar variable's name, non-blank
   * @param value any double
   */
  public static Bindings of(String name, double value) {
    return of().with(name, value);
  }

  /**
   * {@return these bindings plus {@code name = value} (replacing an earlier value)}
   *
   * @param name a variable's name; replaces an earlier binding of it
   * @param value of that variable's shape
   */
  public Bindings with(String name, Tensor value) {
    Map<String, Tensor> m = new LinkedHashMap<>(values);
    m.put(Checks.notNull(name, "name"), Checks.notNull(value, "value"));
    return new Bindings(m);
  }

  /**
   * {@return these bindings plus the scalar {@code name = value}}
   *
   * @param name a scalar variable's name; replaces an earlier binding of it
   * @param value any double
   */
  public Bindings with(String name, double value) {
    return with(name, Tensor.scalar(value));
  }

  /**
   * {@return the value bound to {@code name}}
   *
   * @param name a bound variable's name
   * @throws IllegalArgumentException if there is none
   */
  public Tensor get(String name) {
    Tensor t = values.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no binding for variable " + name + " (bound: " + values.keySet() + ")");
    }
    return t;
  }

  /**
   * {@return true if {@code name} is bound}
   *
   * @param name any variable name
   */
  public boolean contains(String name) {
    return values.containsKey(Checks.notNull(name, "name"));
  }

  /**
   * {@return the tensor bound to {@code v}'s name, checked against {@code v}'s shape}: the one check
   * the interpreter and compiled plans share
   *
   * @param v any variable; its name is looked up
   * @throws IllegalArgumentException if the name is unbound or bound to a tensor of another shape
   */
  public Tensor bound(Var v) {
    Checks.notNull(v, "v");
    if (!values.containsKey(v.name())) {
      throw new IllegalArgumentException("no binding for variable " + v.name() + " (shape " + v.shape() + ")");
    }
    return fits(v, values.get(v.name()));
  }

  /**
   * {@return {@code t}, checked against {@code v}'s shape and dtype}: what {@link #bound} checks of a
   * tensor given by position
   *
   * @param v the variable {@code t} is given for; its shape and dtype are the ones required
   * @param t the tensor given for it
   * @throws IllegalArgumentException if {@code t}'s shape or dtype differs from {@code v}'s
   */
  public static Tensor fits(Var v, Tensor t) {
    Checks.notNull(v, "v");
    Checks.notNull(t, "tensor for variable " + v.name());
    if (!t.shape().equals(v.shape())) {
      throw new IllegalArgumentException("variable " + v.name() + " has shape " + v.shape()
          + " but is bound to a tensor of shape " + t.shape());
    }
    if (t.dtype() != v.dtype()) {
      throw new IllegalArgumentException("variable " + v.name() + " has dtype " + v.dtype()
          + " but is bound to a " + t.dtype() + " tensor; cast it with Tensor.cast");
    }
    return t;
  }
}
