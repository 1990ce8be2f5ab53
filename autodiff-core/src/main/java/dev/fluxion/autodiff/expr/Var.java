package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;

/**
 * A named variable leaf with a fixed shape and dtype; bound to a tensor at evaluation time.
 *
 * <p>Variables are identified by name: two {@code Var}s with the same name in one expression
 * are the same variable and must have the same shape and dtype.
 *
 * @param name a non-empty name
 * @param shape the shape every binding must have
 * @param dtype the dtype every binding must have
 */
public record Var(String name, Shape shape, DType dtype) implements Expr {
  /** Validates the components. */
  public Var {
    Checks.notNull(name, "name");
    Checks.notNull(shape, "shape");
    Checks.notNull(dtype, "dtype");
    if (name.isBlank()) {
      throw new IllegalArgumentException("variable name is blank");
    }
  }

  /**
   * A float64 variable.
   *
   * @param name a non-empty name
   * @param shape the shape every binding must have
   */
  public Var(String name, Shape shape) {
    this(name, shape, DType.FLOAT64);
  }

  /** The name, as the variable prints inside expressions. */
  @Override
  public String toString() {
    return name;
  }
}
