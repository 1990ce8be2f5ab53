package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.Shape;
import java.util.Map;

/**
 * A tensor-valued expression: an immutable DAG of constants, variables and op applications.
 *
 * <p>Shapes are known when a node is built. The instance methods mirror {@link Fx} and are
 * named so that Kotlin reads them as operators: {@code a + b}, {@code a * 2.0}, {@code -a},
 * {@code x[0, 1]}, {@code f(mapOf("x" to y))} (substitution).
 */
public sealed interface Expr permits Const, Var, Apply {
  /** The shape of this expression's value. */
  Shape shape();

  /** {@code this + other}, broadcasting. */
  default Expr plus(Expr other) {
    return Fx.add(this, other);
  }

  /** {@code this + c}. */
  default Expr plus(double c) {
    return Fx.add(this, Fx.scalar(c));
  }

  /** {@code this - other}, broadcasting. */
  default Expr minus(Expr other) {
    return Fx.sub(this, other);
  }

  /** {@code this - c}. */
  default Expr minus(double c) {
    return Fx.sub(this, Fx.scalar(c));
  }

  /** {@code this * other} elementwise, broadcasting. */
  default Expr times(Expr other) {
    return Fx.mul(this, other);
  }

  /** {@code this * c}. */
  default Expr times(double c) {
    return Fx.mul(this, Fx.scalar(c));
  }

  /** {@code this / other} elementwise, broadcasting. */
  default Expr div(Expr other) {
    return Fx.div(this, other);
  }

  /** {@code this / c}. */
  default Expr div(double c) {
    return Fx.div(this, Fx.scalar(c));
  }

  /** {@code -this}. */
  default Expr unaryMinus() {
    return Fx.neg(this);
  }

  /** {@code this ^ other} elementwise, broadcasting. */
  default Expr pow(Expr other) {
    return Fx.pow(this, other);
  }

  /** {@code this ^ c}. */
  default Expr pow(double c) {
    return Fx.pow(this, c);
  }

  /** {@code this[i0, i1, ...]}: leading axes indexed and dropped. */
  default Expr get(int... indices) {
    return Fx.index(this, indices);
  }

  /**
   * This expression with variables replaced by name ({@code f(x = e)}).
   *
   * @throws IllegalArgumentException if a replacement's shape differs from its variable's
   */
  default Expr invoke(Map<String, ? extends Expr> replacements) {
    return Exprs.substitute(this, replacements);
  }

  /** The matrix product {@code this @ other}. */
  default Expr matmul(Expr other) {
    return Fx.matmul(this, other);
  }

  /** {@code e^this}. */
  default Expr exp() {
    return Fx.exp(this);
  }

  /** {@code ln this}. */
  default Expr log() {
    return Fx.log(this);
  }

  /** The sum of all elements. */
  default Expr sum() {
    return Fx.sum(this);
  }

  /** The mean of all elements. */
  default Expr mean() {
    return Fx.mean(this);
  }

  /** This expression reshaped (one dimension may be -1). */
  default Expr reshape(int... dims) {
    return Fx.reshape(this, dims);
  }

  /** The matrix transpose (last two axes swapped). */
  default Expr transpose() {
    return Fx.transpose(this);
  }
}
