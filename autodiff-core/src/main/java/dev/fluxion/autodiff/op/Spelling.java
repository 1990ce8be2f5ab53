package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One way formulas write an op: a name or symbol, its number of arguments, and how the parser
 * builds the node from the parsed arguments (with the {@code Fx} factories, so binary ops
 * broadcast and constants fold).
 *
 * @param name the function name ({@code "sin"}) or operator symbol ({@code "+"})
 * @param arity the number of arguments, {@code >= 1}
 * @param constantArgument the index of an argument that must be a constant number (leaky ReLU's
 *     slope), or -1
 * @param constantName that argument's name in messages ({@code "alpha"}); empty if none
 * @param build builds the node; throws {@code IllegalArgumentException} if the shapes do not fit
 */
public record Spelling(String name, int arity, int constantArgument, String constantName,
    Function<List<Expr>, Expr> build) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a component is null, the arity is below 1 or the constant
   *     argument is out of range
   */
  public Spelling {
    Checks.notNull(name, "name");
    Checks.notNull(constantName, "constantName");
    Checks.notNull(build, "build");
    if (name.isEmpty() || arity < 1 || constantArgument < -1 || constantArgument >= arity) {
      throw new IllegalArgumentException("Spelling '" + name + "': needs a name, arity >= 1 and a constant argument"
          + " in range, got arity " + arity + ", constant argument "
          + constantArgument);
    }
  }

  /**
   * {@return {@code name(x)}}
   *
   * @param name the function name, e.g. {@code "sin"}
   * @param f builds the node from its one argument, e.g. {@code Fx::sin}
   */
  public static Spelling unary(String name, UnaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return new Spelling(name, 1, -1, "", a -> f.apply(a.get(0)));
  }

  /**
   * {@return {@code name(a, b)}}
   *
   * @param name the function name or operator symbol, e.g. {@code "pow"} or {@code "+"}
   * @param f the factory (broadcasting)
   */
  public static Spelling binary(String name, BinaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return new Spelling(name, 2, -1, "", a -> f.apply(a.get(0), a.get(1)));
  }

  /**
   * {@return {@code name(x, c)} with {@code c} a constant number called {@code constantName}}
   *
   * @param name the function name, e.g. {@code "leakyRelu"}
   * @param constantName the constant's name in messages, e.g. {@code "alpha"}
   * @param f builds the node from {@code x} and the number
   */
  public static Spelling withConstant(String name, String constantName,
      java.util.function.BiFunction<Expr, Double, Expr> f) {
    Checks.notNull(f, "f");
    return new Spelling(name, 2, 1, constantName, a -> f.apply(a.get(0), ((Const) a.get(1)).value().item()));
  }

  /**
   * {@return the node for {@code args}}
   *
   * @param args {@code arity} expressions; the constant argument, if any, a rank-0 constant
   * @throws IllegalArgumentException if the count is wrong, the constant argument is not a constant
   *     number, or the factory rejects the shapes
   */
  public Expr apply(List<Expr> args) {
    if (args.size() != arity) {
      throw new IllegalArgumentException(name + ": expects " + arity + " arguments, got " + args.size());
    }
    if (constantArgument >= 0 && !isConstantNumber(args.get(constantArgument))) {
      throw new IllegalArgumentException(name + "'s " + constantName + " must be a constant number");
    }
    return build.apply(args);
  }

  /**
   * {@return whether {@code e} is a rank-0 constant}
   *
   * @param e any expression
   */
  public static boolean isConstantNumber(Expr e) {
    return e instanceof Const c && c.shape().rank() == 0;
  }
}
