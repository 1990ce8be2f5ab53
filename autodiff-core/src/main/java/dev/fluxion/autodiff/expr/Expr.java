package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.Map;

/**
 * A tensor-valued expression: an immutable DAG of constants, variables and op applications.
 *
 * <p>Shapes and dtypes are known when a node is built. The instance methods mirror {@link Fx} and are
 * named so that Kotlin reads them as operators: {@code a + b}, {@code a * 2.0}, {@code -a},
 * {@code x[0, 1]}, {@code f(mapOf("x" to y))} (substitution). Expressions are immutable and
 * safe to share between threads.
 */
public sealed interface Expr permits Const, Var, Apply {
  /** {@return the shape of this expression's value} */
  Shape shape();

  /** {@return the dtype of this expression's value, inferred with the shape} */
  DType dtype();

  /**
   * {@return {@code this + other}, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  default Expr plus(Expr other) {
    return Fx.add(this, other);
  }

  /**
   * {@return {@code this + c}}
   *
   * @param c any double
   */
  default Expr plus(double c) {
    return Fx.add(this, Fx.scalar(c));
  }

  /**
   * {@return {@code this - other}, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  default Expr minus(Expr other) {
    return Fx.sub(this, other);
  }

  /**
   * {@return {@code this - c}}
   *
   * @param c any double
   */
  default Expr minus(double c) {
    return Fx.sub(this, Fx.scalar(c));
  }

  /**
   * {@return {@code this * other} elementwise, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  default Expr times(Expr other) {
    return Fx.mul(this, other);
  }

  /**
   * {@return {@code this * c}}
   *
   * @param c any double
   */
  default Expr times(double c) {
    return Fx.mul(this, Fx.scalar(c));
  }

  /**
   * {@return {@code this / other} elementwise, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  default Expr div(Expr other) {
    return Fx.div(this, other);
  }

  /**
   * {@return {@code this / c}}
   *
   * @param c any double
   */
  default Expr div(double c) {
    return Fx.div(this, Fx.scalar(c));
  }

  /** {@return {@code -this}} */
  default Expr unaryMinus() {
    return Fx.neg(this);
  }

  /**
   * {@return {@code this ^ other} elementwise, broadcasting}
   *
   * @param other any shape broadcasting with this one
   */
  default Expr pow(Expr other) {
    return Fx.pow(this, other);
  }

  /**
   * {@return {@code this ^ c}}
   *
   * @param c any double; the exponent
   */
  default Expr pow(double c) {
    return Fx.pow(this, c);
  }

  /**
   * {@return {@code this[i0, i1, ...]}: leading axes indexed and dropped}
   *
   * @param indices one per leading axis, each in {@code [-dim, dim)}
   */
  default Expr get(int... indices) {
    return Fx.index(this, indices);
  }

  /**
   * {@return this expression with variables replaced by name ({@code f(x = e)})}
   *
   * @param replacements the replacements, by variable name
   * @throws IllegalArgumentException if a replacement's shape differs from its variable's
   */
  default Expr invoke(Map<String, ? extends Expr> replacements) {
    return Exprs.substitute(this, replacements);
  }

  /**
   * {@return the matrix product {@code this @ other}}
   *
   * @param other shape {@code [..., k, n]} or {@code [k]}
   */
  default Expr matmul(Expr other) {
    return Fx.matmul(this, other);
  }

  /** {@return {@code e^this}} */
  default Expr exp() {
    return Fx.exp(this);
  }

  /** {@return {@code ln this}} */
  default Expr log() {
    return Fx.log(this);
  }

  /** {@return the sum of all elements} */
  default Expr sum() {
    return Fx.sum(this);
  }

  /** {@return the mean of all elements} */
  default Expr mean() {
    return Fx.mean(this);
  }

  /**
   * {@return this expression reshaped (one dimension may be -1)}
   *
   * @param dims non-negative, with at most one -1 (inferred); same size as this expression
   */
  default Expr reshape(int... dims) {
    return Fx.reshape(this, dims);
  }

  /**
   * {@return this expression converted to {@code dtype} ({@link Fx#cast}); itself if it has that dtype}
   *
   * @param dtype the target dtype; float64 to float32 rounds to nearest
   */
  default Expr cast(DType dtype) {
    return Fx.cast(this, dtype);
  }

  /** {@return the matrix transpose (last two axes swapped)} */
  default Expr transpose() {
    return Fx.transpose(this);
  }
}
