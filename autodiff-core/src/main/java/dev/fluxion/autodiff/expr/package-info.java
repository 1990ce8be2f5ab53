/**
 * Expressions: the immutable tensor-valued DAG ({@link dev.fluxion.autodiff.expr.Expr}), the
 * {@link dev.fluxion.autodiff.expr.Fx} DSL, and iterative walks over shared DAGs.
 */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.expr;
