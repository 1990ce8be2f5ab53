package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.expr.Expr;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An elementwise op of two arguments of one shape. The DSL inserts explicit broadcasts, so the
 * rules never need to undo broadcasting.
 */
public abstract class Binary implements Op {
  private final String name;

  /**
   * A binary elementwise op called {@code name}.
   *
   * @param name the op's name as printed and parsed, e.g. {@code "add"}
   */
  protected Binary(String name) {
    this.name = name;
  }

  /**
   * {@return {@code f(a, b)}: exactly the number {@link #apply} computes for elements {@code a} and
   * {@code b}, so compiled plans can fuse a chain of elementwise ops into one loop without changing a
   * bit}
   *
   * @param a any number, NaN and infinities included
   * @param b any number, NaN and infinities included
   */
  public abstract double scalar(double a, double b);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int arity() {
    return 2;
  }

  /** Elementwise: the same op on the batch. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape a = args.get(0);
    Shape b = args.get(1);
    if (!a.equals(b)) {
      throw new IllegalArgumentException(name + ": shapes " + a + " and " + b + " differ (broadcast them first)");
    }
    return a;
  }

  /** Elementwise: the output's structural zeros are the argument's. */
  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    return zerosOfY;
  }

  @Override
  public String toString() {
    return name;
  }
}
