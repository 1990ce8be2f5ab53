package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * A constant leaf: a fixed tensor. Its derivative with respect to anything is zero.
 *
 * @param value the tensor (immutable)
 */
public record Const(Tensor value) implements Expr {
  /** Validates the value. */
  public Const {
    Checks.notNull(value, "value");
  }

  @Override
  public Shape shape() {
    return value.shape();
  }

  @Override
  public DType dtype() {
    return value.dtype();
  }

  /** {@return true if every element is exactly 0 (so {@code x * c} simplifies to zeros)} */
  public boolean isZero() {
    return isFilledWith(0.0);
  }

  /** {@return true if every element is exactly 1 (so {@code x * c} simplifies to {@code x})} */
  public boolean isOne() {
    return isFilledWith(1.0);
  }

  /**
   * {@return true if every element is exactly {@code c} (vacuously true when empty)}
   *
   * @param c any double; NaN matches no element
   */
  public boolean isFilledWith(double c) {
    if (value.size() > 0 && value.get(new int[value.shape().rank()]) != c) {
      return false; // the usual answer, without copying a large tensor
    }
    for (double v : value.toArray()) {
      if (v != c) {
        return false;
      }
    }
    return true;
  }
}
