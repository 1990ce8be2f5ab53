package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link WhileLoop} loops: {@code jax.lax.while_loop} for expressions. They are
 * forward-differentiable only (see {@link WhileLoop}); for reverse mode use {@link Scans#scan}.
 */
public final class Loops {
  /** The default {@code maxIterations}: a loop still running after a million iterations is an error. */
  public static final int DEFAULT_MAX_ITERATIONS = 1_000_000;

  private Loops() {}

  /** A while loop's body: the new carries from the carries and the constants. */
  @FunctionalInterface
  public interface Body {
    /**
     * {@return the new carries, one per carry, each of its carry's shape and dtype}
     *
     * @param x placeholders of the carries, then of the constants, in order
     */
    List<Expr> apply(List<Expr> x);
  }

  /**
   * {@return the final carries of {@code while cond(c, k) ≠ 0: c = body(c, k)} from {@code c = init},
   * one node per carry (they share one run)}
   *
   * <p>{@code cond} and {@code body} are called once, on placeholders of the carries followed by the
   * constants, and compiled. They may read nothing else: a variable from outside is an error (pass it
   * as a constant, so that forward mode sees its tangent). The loop is forward-differentiable only:
   * {@code AD.jvp}, {@code AD.jacfwd} and {@code AD.jvpExpr} work through it, to any order; reverse mode
   * ({@code AD.grad}, {@code AD.gradExpr}, {@code Plan.valueAndGrad}, ...) is an error saying so. With
   * constant arguments only, the loop runs when it is built and folds to constants, as any op does (so its
   * errors are thrown here).
   *
   * @param cond the condition, a float scalar (rank 0): the loop continues while it is nonzero; NaN is
   *     an error at evaluation
   * @param body the new carries, as many as {@code init}, of the same shapes and dtypes
   * @param init the initial carries, float, at least one
   * @param consts values the loop reads but does not change, any shapes and dtypes, possibly none
   * @param maxIterations the number of iterations after which a loop still running is an error
   *     (naming the count and the loop), {@code >= 0}
   * @throws IllegalArgumentException if there is no carry, a carry is not float, {@code maxIterations}
   *     is negative, the condition is not a float scalar, the body returns the wrong number of carries or
   *     changes a carry's shape or dtype, or either reads a variable from outside; with constant
   *     arguments only, also as the loop's evaluation throws
   */
  public static List<Expr> whileLoop(Custom.Fn cond, Body body, List<Expr> init, List<Expr> consts,
      int maxIterations) {
    Checks.notNull(cond, "cond");
    Checks.notNull(body, "body");
    Checks.notNull(init, "init");
    Checks.notNull(consts, "consts");
    if (init.isEmpty() || maxIterations < 0) {
      throw new IllegalArgumentException("whileLoop: needs at least one carry and maxIterations >= 0, got "
          + init.size() + " carries and maxIterations " + maxIterations);
    }
    List<Var> carries = new ArrayList<>();
    for (int j = 0; j < init.size(); j++) {
      Expr c = Checks.notNull(init.get(j), "init[" + j + "]");
      if (!c.dtype().isFloat()) {
        throw new IllegalArgumentException("whileLoop: carry " + j + " is " + c.dtype() + "; carries must be float");
      }
      carries.add(LoopBody.placeholder("c" + j, c.shape(), c.dtype()));
    }
    List<Var> ks = new ArrayList<>();
    for (int i = 0; i < consts.size(); i++) {
      Expr k = Checks.notNull(consts.get(i), "consts[" + i + "]");
      ks.add(LoopBody.placeholder("k" + i, k.shape(), k.dtype()));
    }
    List<Var> params = new ArrayList<>(carries);
    params.addAll(ks);
    Expr test = inside("condition", cond.apply(List.copyOf(params)), params);
    if (test.shape().rank() != 0 || !test.dtype().isFloat()) {
      throw new IllegalArgumentException("whileLoop: the condition must be a float scalar, got " + test.shape() + " "
          + test.dtype());
    }
    List<Expr> next = Checks.notNull(body.apply(List.copyOf(params)), "whileLoop: the body's result");
    if (next.size() != carries.size()) {
      throw new IllegalArgumentException("whileLoop: the body returned " + next.size() + " carries for "
          + carries.size());
    }
    for (int j = 0; j < next.size(); j++) {
      Expr c = inside("body", next.get(j), params);
      Var want = carries.get(j);
      if (!c.shape().equals(want.shape()) || c.dtype() != want.dtype()) {
        throw new IllegalArgumentException("whileLoop: carry " + j + " enters the body as " + want.shape() + " "
            + want.dtype() + " but the body returns " + c.shape() + " " + c.dtype() + "; a carry keeps its shape"
            + " and dtype");
      }
    }
    LoopBody loop = new LoopBody(carries, ks, test, next, maxIterations);
    List<Expr> args = new ArrayList<>(init);
    args.addAll(consts);
    Expr[] a = args.toArray(new Expr[0]);
    List<Expr> out = new ArrayList<>();
    for (int j = 0; j < carries.size(); j++) {
      out.add(Fx.apply(new WhileLoop(loop, j), a));
    }
    return List.copyOf(out);
  }

  /**
   * {@return {@link #whileLoop(Custom.Fn, Body, List, List, int)} with at most
   * {@link #DEFAULT_MAX_ITERATIONS} iterations}
   *
   * @param cond the condition, a float scalar, nonzero to continue
   * @param body the new carries, of the carries' shapes and dtypes
   * @param init the initial carries, float, at least one
   * @param consts values the loop reads but does not change, possibly none
   * @throws IllegalArgumentException as the full form
   */
  public static List<Expr> whileLoop(Custom.Fn cond, Body body, List<Expr> init, List<Expr> consts) {
    return whileLoop(cond, body, init, consts, DEFAULT_MAX_ITERATIONS);
  }

  /**
   * {@return the final carry of a loop with one carry: {@code while cond(c, k...) ≠ 0: c = body(c, k...)},
   * at most {@link #DEFAULT_MAX_ITERATIONS} iterations}
   *
   * @param cond the condition from placeholders {@code [c, k...]}, a float scalar, nonzero to continue
   * @param body the new carry from placeholders {@code [c, k...]}, of the carry's shape and dtype
   * @param init the initial carry, float
   * @param consts values the loop reads but does not change, possibly none
   * @throws IllegalArgumentException as the full form
   */
  public static Expr whileLoop(Custom.Fn cond, Custom.Fn body, Expr init, Expr... consts) {
    Checks.notNull(body, "body");
    return whileLoop(cond, x -> List.of(Checks.notNull(body.apply(x), "whileLoop: the body's result")), List.of(Checks.notNull(init, "init")),
        List.of(Checks.notNull(consts, "consts"))).get(0);
  }

  private static Expr inside(String which, @Nullable Expr e, List<Var> params) {
    return Custom.readingOnly("whileLoop: the " + which, e, params, "pass it as a constant");
  }
}
