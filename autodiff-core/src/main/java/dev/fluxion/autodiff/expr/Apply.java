package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;

/**
 * An application of a primitive op to argument expressions; its shape is inferred from theirs,
 * once, when the node is built.
 *
 * <p>Equality is identity: an expression DAG shares nodes, and structural comparison of shared
 * DAGs is exponential. Use {@link Exprs#structurallyEqual} to compare structure.
 */
public final class Apply implements Expr {
  private final Op op;
  private final List<Expr> args;
  private final Shape shape;

  private Apply(Op op, List<Expr> args, Shape shape) {
    this.op = op;
    this.args = args;
    this.shape = shape;
  }

  /**
   * {@return the node {@code op(args)}, its shape inferred by {@link Op#inferShape} (no
   * simplification; see {@link Fx#apply})}
   *
   * @param op the primitive; its {@code inferShape} runs once
   * @param args as many as the op's arity; copied
   * @throws IllegalArgumentException if an argument is null or the shapes do not fit the op
   */
  public static Apply of(Op op, List<Expr> args) {
    if (op == null || args == null) {
      throw new IllegalArgumentException("Apply.of: op and args must not be null");
    }
    List<Shape> shapes = Exprs.shapes(args);
    return new Apply(op, List.copyOf(args), op.inferShape(shapes));
  }

  /** {@return the primitive} */
  public Op op() {
    return op;
  }

  /** {@return the arguments (immutable)} */
  public List<Expr> args() {
    return args;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  /**
   * {@return argument {@code i}}
   *
   * @param i the index, {@code 0 <= i < args().size()}
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
