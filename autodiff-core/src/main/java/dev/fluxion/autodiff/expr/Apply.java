package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An application of a primitive op to argument expressions; its shape is inferred from theirs,
 * once, when the node is built.
 *
 * <p>Nodes are hash-consed: {@link #of} returns the live node with the same op (by
 * {@code equals}) and the same arguments if there is one, so {@code tanh(x) + tanh(x)} is three
 * nodes and a derivative rule that rebuilds {@code cos(x)} gets the {@code cos(x)} already there.
 * Leaf arguments are made canonical first: a variable, or a constant of at most 16 elements, is
 * replaced by the live leaf equal to it (constants by dtype, shape and bits: {@code -0.0} is not
 * {@code 0.0}), so one graph holds one object per variable; a larger constant stays itself and
 * shares only with itself. The lookup hashes the op and the arguments' identity hashes, O(arity),
 * never the DAG below; the table holds nodes weakly, so it keeps nothing alive. {@link #unshared}
 * turns all this off to measure what it saves.
 *
 * <p>Equality is still identity, which is now also structural equality for nodes built with
 * sharing on (equal structure built twice is the same object). Walks key on identity; use
 * {@link Exprs#structurallyEqual} to compare DAGs built apart (with sharing off, or holding
 * different large constants of equal value).
 */
public final class Apply implements Expr {
  private final Op op;
  private final List<Expr> args;
  private final Shape shape;
  private final DType dtype;

  private Apply(Op op, List<Expr> args, Shape shape, DType dtype) {
    this.op = op;
    this.args = args;
    this.shape = shape;
    this.dtype = dtype;
  }

  /**
   * {@return the node {@code op(args)}, its shape and dtype inferred by {@link Op#inferShape} and
   * {@link Op#inferDType} (no simplification; see {@link Fx#apply}); the node already built if a
   * live one has an equal op and the same arguments}
   *
   * <p>A rank-0 constant argument adopts the dtype the other arguments share (weak typing, as
   * JAX's Python scalars): {@code x * 2.0} is float32 when {@code x} is. When every argument is a
   * rank-0 constant, float64 ones adopt float32 if another is float32.
   *
   * @param op the primitive; its {@code inferShape} runs once
   * @param args as many as the op's arity; copied
   * @throws IllegalArgumentException if an argument is null, the shapes do not fit the op or the
   *     dtypes differ (the message names both)
   */
  public static Apply of(Op op, List<Expr> args) {
    boolean share = Interner.sharing();
    Apply node = build(op, args, share);
    return share ? Interner.intern(node) : node;
  }

  /** {@return a new node {@code op(args)}, checked as {@link #of} checks it, not interned} */
  static Apply build(Op op, List<Expr> args) {
    return build(op, args, false);
  }

  private static Apply build(Op op, List<Expr> args, boolean canonicalLeaves) {
    if (op == null || args == null) {
      throw new IllegalArgumentException("Apply.of: op and args must not be null");
    }
    List<Shape> shapes = Exprs.shapes(args);
    List<Expr> typed = adoptDType(args);
    List<DType> dtypes = new ArrayList<>(typed.size());
    Expr[] kept = new Expr[typed.size()];
    for (int i = 0; i < kept.length; i++) {
      Expr e = typed.get(i);
      dtypes.add(e.dtype());
      kept[i] = canonicalLeaves ? Interner.canonical(e) : e;
    }
    return new Apply(op, List.of(kept), op.inferShape(shapes), op.inferDType(dtypes));
  }

  /**
   * {@return what {@code build} returns, with sharing off on this thread while it runs: every
   * {@link #of} makes a new node, as before hash-consing (to measure what sharing saves)}
   *
   * <p>Other threads keep sharing. Nodes built here are never returned by a later {@link #of}.
   *
   * @param build builds expressions
   * @param <T> what it returns
   * @throws IllegalArgumentException if {@code build} is null
   */
  public static <T> T unshared(Supplier<T> build) {
    if (build == null) {
      throw new IllegalArgumentException("Apply.unshared: build must not be null");
    }
    return Interner.unshared(build);
  }

  /** {@code args} with each rank-0 constant cast to the dtype all other arguments share, if they share one. */
  static List<Expr> adoptDType(List<Expr> args) {
    DType strong = null;
    boolean weakDiffers = false;
    for (Expr e : args) {
      if (weak(e)) {
        continue;
      }
      if (strong != null && strong != e.dtype()) {
        return args;
      }
      strong = e.dtype();
    }
    if (strong == null) {
      // only rank-0 constants: a float32 one was adopted from a float32 context, so float64 literals follow it
      for (Expr e : args) {
        strong = e.dtype() == DType.FLOAT32 ? DType.FLOAT32 : strong;
      }
    }
    for (Expr e : args) {
      weakDiffers |= strong != null && weak(e) && e.dtype() != strong;
    }
    if (!weakDiffers) {
      return args;
    }
    List<Expr> out = new ArrayList<>(args.size());
    for (Expr e : args) {
      out.add(weak(e) && e.dtype() != strong ? new Const(((Const) e).value().cast(strong)) : e);
    }
    return out;
  }

  private static boolean weak(Expr e) {
    return e instanceof Const c && c.shape().rank() == 0 && c.dtype().isFloat();
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

  @Override
  public DType dtype() {
    return dtype;
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
