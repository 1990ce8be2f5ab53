package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Selection {@code y = c != 0 ? a : b} elementwise (arguments {@code c, a, b} of one shape).
 *
 * <p>Each branch receives the cotangent only where it was taken and an exact zero elsewhere;
 * with the strong-zero products of the other rules, a NaN or infinite derivative in the branch
 * not taken never reaches the gradient. The condition has zero derivative.
 */
public final class Where implements Op {
  /** The op. */
  public static final Where OP = new Where();

  private Where() {}

  @Override
  public String name() {
    return "where";
  }

  @Override
  public int arity() {
    return 3;
  }

  /** Elementwise: the same op on the batch. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape c = args.get(0);
    if (!c.equals(args.get(1)) || !c.equals(args.get(2))) {
      throw new IllegalArgumentException("where: shapes " + c + ", " + args.get(1) + " and " + args.get(2)
          + " differ (broadcast them first)");
    }
    return c;
  }

  /**
   * {@return {@code c != 0 ? a : b}: exactly the number {@link #apply} computes for elements {@code c},
   * {@code a}, {@code b}}
   *
   * @param c the condition (nonzero, NaN included, is true)
   * @param a the number where it holds
   * @param b the number elsewhere
   */
  public double scalar(double c, double a, double b) {
    return c != 0 ? a : b;
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return Tensor.where(args.get(0), args.get(1), args.get(2));
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return select(i, x.get(0), xDot);
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return select(i, x.get(0), yBar);
  }

  /** The branch not taken gets a structural zero; the condition gets no cotangent. */
  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    Expr c = x.get(0);
    return switch (i) {
      case 1 -> StrongZeros.or(zerosOfY, eq(c, zerosLike(c)));
      case 2 -> StrongZeros.or(zerosOfY, StrongZeros.nonZero(c));
      default -> null;
    };
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  private static @Nullable Expr select(int i, Expr c, Expr g) {
    Expr zero = zerosLike(g);
    return switch (i) {
      case 1 -> where(c, g, zero);
      case 2 -> where(c, zero, g);
      default -> null;
    };
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(1).hull(x.get(2));
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.random("where", 2, (a, rng) -> where(mask(a.get(0).shape(), rng), a.get(0), a.get(1))));
  }

  /** A random constant mask: a condition that is no function of the variables, so its discontinuity is never crossed. */
  private static Expr mask(Shape s, SplittableRandom rng) {
    double[] d = new double[s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextBoolean() ? 1 : 0;
    }
    return constant(Tensor.of(d, s));
  }
}
