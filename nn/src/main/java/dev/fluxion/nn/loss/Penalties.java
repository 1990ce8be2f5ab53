package dev.fluxion.nn.loss;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.tree.Trees;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Weight penalties over a parameter tree (see {@link Trees}), as rank-0 expressions to add to a
 * loss: {@code λ · Penalties.l2(params)}. A filter on leaf paths (such as {@code layers.0.b})
 * selects the leaves penalised, e.g. {@link #excluding excluding("b")} to spare biases.
 *
 * <p>Convention: {@link #l2} includes the factor ½ ({@code ½ Σ w²}, gradient {@code w}), so
 * {@code λ · l2} is weight decay with rate {@code λ}; {@link #l1} is {@code Σ |w|} with
 * derivative {@code sign w} (0 at {@code w = 0}).
 */
public final class Penalties {
  private Penalties() {}

  /**
   * {@code ½ Σ w²} over every leaf {@code w} of {@code tree}.
   *
   * @param tree a parameter tree with {@code Expr} leaves of any shapes
   * @return a rank-0 expression (the constant 0 for a tree without leaves)
   * @throws IllegalArgumentException if {@code tree} is null
   */
  public static Expr l2(Object tree) {
    return l2(tree, path -> true);
  }

  /**
   * {@code ½ Σ w²} over the leaves of {@code tree} whose path satisfies {@code include}.
   *
   * @param tree a parameter tree with {@code Expr} leaves of any shapes
   * @param include selects leaves by path (e.g. {@code layers.0.w}; a root leaf has path {@code ""})
   * @return a rank-0 expression (the constant 0 when no leaf is selected)
   * @throws IllegalArgumentException if an argument is null
   */
  public static Expr l2(Object tree, Predicate<String> include) {
    return total(tree, include, w -> square(w).times(0.5), "l2");
  }

  /**
   * {@code Σ |w|} over every leaf {@code w} of {@code tree}.
   *
   * @param tree a parameter tree with {@code Expr} leaves of any shapes
   * @return a rank-0 expression (the constant 0 for a tree without leaves)
   * @throws IllegalArgumentException if {@code tree} is null
   */
  public static Expr l1(Object tree) {
    return l1(tree, path -> true);
  }

  /**
   * {@code Σ |w|} over the leaves of {@code tree} whose path satisfies {@code include}.
   *
   * @param tree a parameter tree with {@code Expr} leaves of any shapes
   * @param include selects leaves by path (a root leaf has path {@code ""})
   * @return a rank-0 expression (the constant 0 when no leaf is selected)
   * @throws IllegalArgumentException if an argument is null
   */
  public static Expr l1(Object tree, Predicate<String> include) {
    return total(tree, include, Fx::abs, "l1");
  }

  /**
   * {@return A path filter rejecting leaves whose last path segment is one of {@code names}: {@code
   * excluding("b", "bias")} keeps {@code layers.0.w} and drops {@code layers.0.b}}
   *
   * @param names leaf names (last path segments) to leave out
   * @throws IllegalArgumentException if {@code names} or one of them is null
   */
  public static Predicate<String> excluding(String... names) {
    Set<String> excluded = new HashSet<>();
    for (String n : Checks.notNull(names, "names")) {
      excluded.add(Checks.notNull(n, "excluding: name"));
    }
    return path -> !excluded.contains(path.substring(path.lastIndexOf('.') + 1));
  }

  private static Expr total(Object tree, Predicate<String> include, UnaryOperator<Expr> f, String name) {
    Checks.notNull(tree, name + ": tree");
    Checks.notNull(include, name + ": include");
    Expr acc = scalar(0);
    var flat = Trees.flatten(tree);
    for (int i = 0; i < flat.leaves().size(); i++) {
      if (include.test(flat.paths().get(i))) {
        acc = add(acc, sum(f.apply(flat.leaves().get(i))));
      }
    }
    return acc;
  }
}
