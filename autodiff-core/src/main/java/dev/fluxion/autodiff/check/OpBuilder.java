package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * A named way to grow a random expression by one op: given arguments drawn from the expressions
 * built so far (and randomness for attributes such as an axis), it returns the new node. A
 * builder rejects arguments it cannot use (wrong rank, shapes that do not fit) by throwing
 * {@link IllegalArgumentException}, as the {@code Fx} factories do; the generator then draws
 * other arguments. A builder may wrap its arguments to keep them in the op's domain (see
 * {@link OpBuilders}).
 *
 * @param name the op's name, as shown in reports
 * @param arity the number of arguments, {@code >= 1}
 * @param weight how often the generator draws it relative to a builder of weight 1, {@code >= 1}
 * @param build the builder; throws {@code IllegalArgumentException} to reject its arguments
 */
public record OpBuilder(String name, int arity, int weight, BiFunction<List<Expr>, SplittableRandom, Expr> build) {
  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if an argument is null, {@code arity < 1} or {@code weight < 1}
   */
  public OpBuilder {
    Checks.notNull(name, "name");
    Checks.notNull(build, "build");
    if (arity < 1 || weight < 1) {
      throw new IllegalArgumentException("OpBuilder " + name + ": arity and weight must be >= 1, got arity "
          + arity + ", weight " + weight);
    }
  }

  /**
   * A builder of weight 1.
   *
   * @param name as shown in reports
   * @param arity the number of arguments, {@code >= 1}
   * @param build maps {@code arity} arguments and randomness to the new node; throws {@code IllegalArgumentException} to reject them
   * @throws IllegalArgumentException if an argument is null or {@code arity < 1}
   */
  public OpBuilder(String name, int arity, BiFunction<List<Expr>, SplittableRandom, Expr> build) {
    this(name, arity, 1, build);
  }

  /**
   * {@return A builder of any arity}
   *
   * @param name as shown in reports
   * @param arity the number of arguments, {@code >= 1}
   * @param build maps {@code arity} arguments and randomness to the new node
   */
  public static OpBuilder of(String name, int arity, BiFunction<List<Expr>, SplittableRandom, Expr> build) {
    return new OpBuilder(name, arity, build);
  }

  /**
   * {@return A builder of one argument, e.g. {@code unary("sin", Fx::sin)}}
   *
   * @param name as shown in reports
   * @param f builds the node from one argument of any shape
   */
  public static OpBuilder unary(String name, UnaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return new OpBuilder(name, 1, (args, rng) -> f.apply(args.get(0)));
  }

  /**
   * {@return A builder of two arguments, e.g. {@code binary("add", Fx::add)} (shapes must broadcast)}
   *
   * @param name as shown in reports
   * @param f builds the node from two arguments whose shapes broadcast
   */
  public static OpBuilder binary(String name, BinaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return new OpBuilder(name, 2, (args, rng) -> f.apply(args.get(0), args.get(1)));
  }

  /**
   * {@return the new node built from {@code args}}
   *
   * @param args {@code arity} expressions
   * @param rng randomness for attributes
   * @throws IllegalArgumentException if the builder cannot use these arguments
   */
  public Expr apply(List<Expr> args, SplittableRandom rng) {
    if (args.size() != arity) {
      throw new IllegalArgumentException(name + ": expects " + arity + " arguments, got " + args.size());
    }
    return Checks.notNull(build.apply(args, rng), name + "'s result");
  }

  @Override
  public String toString() {
    return name + "/" + arity;
  }
}
