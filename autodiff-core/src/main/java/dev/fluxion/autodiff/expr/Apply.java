package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;

/**
 * An application of a primitive op to argument expressions; its shape is inferred from theirs.
 *
 * <p>Equality is identity: an expression DAG shares nodes, and structural comparison of shared
 * DAGs is exponential. Use {@link Exprs#structurallyEqual} to compare structure.
 *
 * @param op the primitive
 * @param args the arguments (immutable list)
 * @param shape the inferred output shape
 */
public record Apply(Op op, List<Expr> args, Shape shape) implements Expr {
  /** Validates that {@code shape} is what {@code op} infers for {@code args}. */
  public Apply {
    if (op == null || args == null || shape == null) {
      throw new IllegalArgumentException("Apply: op, args and shape must not be null");
    }
    args = List.copyOf(args);
    Shape inferred = op.inferShape(Exprs.shapes(args));
    if (!inferred.equals(shape)) {
      throw new IllegalArgumentException(op.name() + ": declared shape " + shape + " differs from inferred " + inferred);
    }
  }

  /**
   * Builds the node, inferring its shape (no simplification; see {@link Fx#apply}).
   *
   * @param op the op
   * @param args its arguments, as many as its arity
   * @return the node
   */
  public static Apply of(Op op, List<Expr> args) {
    if (op == null || args == null) {
      throw new IllegalArgumentException("Apply.of: op and args must not be null");
    }
    return new Apply(op, args, op.inferShape(Exprs.shapes(args)));
  }

  /**
   * {@return argument {@code i}}
   *
   * @param i the index
   */
  public Expr arg(int i) {
    return args.get(i);
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return Exprs.print(this);
  }
}
