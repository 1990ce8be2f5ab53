package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Functions with derivative rules of their own, JAX's {@code custom_jvp} and {@code custom_vjp}: a
 * function written with existing ops whose value is its own, and whose derivative is the rule you
 * give, not the derivative of its ops. Uses: a numerically stable rule for a composite
 * ({@code log(1 + e^x)}, whose own derivative overflows), straight-through estimators (the value of
 * a rounding, the derivative of the identity), gradient clipping inside the graph.
 *
 * <p>A {@link #customJvp} rule gives the output's tangent from the arguments and their tangents; it
 * must be linear in the tangents (as JAX requires). Forward mode applies it; reverse mode applies its
 * transpose, obtained by differentiating {@code Σ yBar · rule(x, t)} with respect to {@code t}
 * symbolically. A {@link #customVjp} rule gives the arguments' cotangents from the arguments, the
 * output and its cotangent; reverse mode applies it and forward mode through the function is an error
 * (as in JAX), though forward over reverse (a Hessian) works, because the reverse pass is made of
 * ordinary ops. The rules' results are expressions, so both compose with every transform to any order.
 * {@code GradCheck.checkCustom} compares a rule with the function's own derivative and finite
 * differences and says which one is wrong.
 *
 * <p>The function may read only its arguments: a variable it reads from outside is an error (pass it
 * as an argument; its derivative would otherwise be lost silently).
 */
public final class Custom {
  private static final AtomicLong IDS = new AtomicLong();

  private Custom() {}

  /**
   * {@return the placeholders of a graph batched over {@code b}: for each of {@code params}, a new
   * placeholder with the batch axis (named {@code prefix + "x" + i}) if its argument is batched, else itself;
   * {@code renames} receives each batched one's old name → new placeholder, the map {@code vmap} takes}
   *
   * @param offset where the params' arguments start in {@code x} (a cond's predicate comes first)
   */
  static List<Var> batchedPlaceholders(String prefix, List<Var> params, List<Expr> x, int offset,
      dev.fluxion.autodiff.op.Batch b, Map<String, Expr> renames) {
    List<Var> ps = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Var p = params.get(i);
      if (b.batched(i + offset)) {
        Var q = new Var(prefix + "x" + i, x.get(i + offset).shape(), p.dtype());
        renames.put(p.name(), q);
        ps.add(q);
      } else {
        ps.add(p);
      }
    }
    return ps;
  }

  /** {@return a new id for a custom function's placeholders} */
  static long nextId() {
    return IDS.incrementAndGet();
  }

  /** {@return {@code vars} with float ones made float64, names and shapes kept: the placeholders of a widened body} */
  static List<Var> widen(List<Var> vars) {
    List<Var> out = new ArrayList<>();
    for (Var v : vars) {
      out.add(v.dtype().isFloat() ? new Var(v.name(), v.shape(), dev.fluxion.autodiff.tensor.DType.FLOAT64) : v);
    }
    return out;
  }

  /**
   * {@return {@code e}, checked to read no variable but {@code params}}
   *
   * @param who the graph's name in messages, e.g. {@code "cond: the onTrue branch"}
   * @param remedy what to do instead, e.g. {@code "pass it as an operand"}
   * @throws IllegalArgumentException naming the first variable read from outside
   */
  static Expr readingOnly(String who, @Nullable Expr e, List<Var> params, String remedy) {
    Checks.notNull(e, who + "'s result");
    for (String v : Exprs.variables(e).keySet()) {
      if (params.stream().noneMatch(p -> p.name().equals(v))) {
        throw new IllegalArgumentException(who + " reads variable " + v + " from outside; " + remedy);
      }
    }
    return e;
  }

  /**
   * Checks that the arguments from {@code offset} on have the shapes of the placeholders a graph was built on.
   *
   * @param who the op and what it calls its arguments, e.g. {@code "cond: operand"}
   * @param builtFor what was built on them, e.g. {@code "the branches were"}
   * @throws IllegalArgumentException naming the first argument whose shape differs
   */
  static void checkShapes(String who, String builtFor, List<dev.fluxion.autodiff.tensor.Shape> args, int offset,
      List<Var> params) {
    for (int i = 0; i < params.size(); i++) {
      if (!args.get(i + offset).equals(params.get(i).shape())) {
        throw new IllegalArgumentException(who + " " + i + " has shape " + args.get(i + offset) + ", " + builtFor
            + " built for " + params.get(i).shape());
      }
    }
  }

  /** The function: its value from placeholders of the arguments. */
  @FunctionalInterface
  public interface Fn {
    /**
     * {@return the function's output, written with existing ops}
     *
     * @param x one placeholder per argument, of its shape and dtype
     */
    Expr apply(List<Expr> x);
  }

  /** A forward-mode rule. */
  @FunctionalInterface
  public interface JvpRule {
    /**
     * {@return the output's tangent, of the output's shape: linear in {@code xDot}}
     *
     * @param x the arguments, as given to the function
     * @param xDot their tangents, one per argument, of its shape (zeros for arguments not differentiated)
     */
    Expr apply(List<Expr> x, List<Expr> xDot);
  }

  /** A reverse-mode rule. */
  @FunctionalInterface
  public interface VjpRule {
    /**
     * {@return the arguments' cotangents, one per argument, of its shape (null for a zero one)}
     *
     * @param x the arguments, as given to the function
     * @param y the function's output
     * @param yBar the output's cotangent, of the output's shape
     */
    List<@Nullable Expr> apply(List<Expr> x, Expr y, Expr yBar);
  }

  /**
   * {@return {@code f} with the forward-mode rule {@code rule} (its reverse mode the rule's transpose)}
   *
   * @param name the name printed for the function's nodes
   * @param f the function's value, written with existing ops, reading only its arguments
   * @param rule the output's tangent, linear in the arguments' tangents
   */
  public static CustomFunction customJvp(String name, Fn f, JvpRule rule) {
    return new CustomFunction(Checks.notNull(name, "name"), Checks.notNull(f, "f"), Checks.notNull(rule, "rule"), null);
  }

  /**
   * {@return {@code f} with the reverse-mode rule {@code rule}; forward mode through it is an error}
   *
   * @param name the name printed for the function's nodes
   * @param f the function's value, written with existing ops, reading only its arguments
   * @param rule the arguments' cotangents
   */
  public static CustomFunction customVjp(String name, Fn f, VjpRule rule) {
    return new CustomFunction(Checks.notNull(name, "name"), Checks.notNull(f, "f"), null, Checks.notNull(rule, "rule"));
  }

  /**
   * A function with its own derivative rule, applied to arguments by {@link #invoke} (Kotlin:
   * {@code g(x)}); each application is one node whose value is the function's.
   */
  public static final class CustomFunction {
    private final String name;
    private final Fn f;
    private final @Nullable JvpRule jvp;
    private final @Nullable VjpRule vjp;

    CustomFunction(String name, Fn f, @Nullable JvpRule jvp, @Nullable VjpRule vjp) {
      this.name = name;
      this.f = f;
      this.jvp = jvp;
      this.vjp = vjp;
    }

    /** {@return the name printed for the function's nodes} */
    public String name() {
      return name;
    }

    /** {@return whether forward mode can go through the function: a customJvp rule} */
    public boolean hasForwardRule() {
      return jvp != null;
    }

    /**
     * {@return the function of {@code args} as one node with this rule}
     *
     * @param args the arguments, at least one
     * @throws IllegalArgumentException if there are none, or the function reads a variable other than
     *     its arguments
     */
    public Expr invoke(Expr... args) {
      return invoke(List.of(Checks.notNull(args, "args")));
    }

    /**
     * {@return as {@link #invoke(Expr...)}}
     *
     * @param args the arguments, at least one, each of any shape and dtype the function accepts
     * @throws IllegalArgumentException as {@link #invoke(Expr...)}
     */
    public Expr invoke(List<Expr> args) {
      Checks.notNull(args, "args");
      if (args.isEmpty()) {
        throw new IllegalArgumentException(name + ": a custom function needs at least one argument");
      }
      long id = IDS.incrementAndGet();
      List<Var> params = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        Expr a = Checks.notNull(args.get(i), "args[" + i + "]");
        params.add(new Var("%custom" + id + ".x" + i, a.shape(), a.dtype()));
      }
      Expr body = readingOnly(name + ": the function", f.apply(List.copyOf(params)), params,
          "pass it as an argument (its derivative would be lost)");
      return Fx.apply(new CustomOp(name, id, params, body, jvp, vjp), args.toArray(new Expr[0]));
    }

    /**
     * {@return the function of {@code args} written with its own ops, without the rule (for comparisons)}
     *
     * @param args the arguments, as for {@link #invoke(Expr...)}
     */
    public Expr inline(Expr... args) {
      return Checks.notNull(f.apply(List.of(Checks.notNull(args, "args"))), name + ": the function's result");
    }
  }
}
