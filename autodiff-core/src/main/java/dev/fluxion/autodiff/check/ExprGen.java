package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** The generator and shrinker behind {@link Gens#exprs}. */
final class ExprGen implements Gen<Expr> {
  private final ExprGenConfig config;

  ExprGen(ExprGenConfig config) {
    this.config = config;
  }

  /**
   * Grows a pool of expressions from the variables: each step applies a random builder to
   * arguments drawn from the pool (the first, three times in four, the newest node, which makes depth; the
   * others anywhere, which makes shared subexpressions), keeps the node if it is new and safe,
   * and records its nesting level. The root is the last node kept.
   */
  @Override
  public Expr generate(SplittableRandom rng) {
    List<Expr> pool = new ArrayList<>();
    Map<Expr, Integer> level = new IdentityHashMap<>();
    config.variables().forEach((name, shape) -> {
      Var v = Fx.variable(name, shape);
      pool.add(v);
      level.put(v, 0);
    });
    Intervals intervals = new Intervals(config.domains());
    int target = (config.maxOps() + 1) / 2 + rng.nextInt(config.maxOps() / 2 + 1);
    Expr root = pool.get(rng.nextInt(pool.size()));
    for (int built = 0, attempts = 0; built < target && attempts < 40 * target; attempts++) {
      OpBuilder op = draw(config.ops(), rng);
      List<Expr> open = pool.stream().filter(e -> level.get(e) < config.depth()).toList();
      List<Expr> args = new ArrayList<>();
      int lvl = 0;
      for (int i = 0; i < op.arity(); i++) {
        Expr a = i == 0 && rng.nextInt(4) > 0 ? newest(pool, open) : open.get(rng.nextInt(open.size()));
        args.add(a);
        lvl = Math.max(lvl, level.get(a) + 1);
      }
      Expr e;
      try {
        e = op.apply(args, rng);
      } catch (IllegalArgumentException rejected) {
        continue;
      }
      if (e instanceof Const || level.containsKey(e) || intervals.violation(e) != null) {
        continue;
      }
      pool.add(e);
      level.put(e, lvl);
      root = e;
      built++;
    }
    return root;
  }

  /** A builder drawn with probability proportional to its weight (uniformly when all weigh 1). */
  private static OpBuilder draw(List<OpBuilder> ops, SplittableRandom rng) {
    int total = 0;
    for (OpBuilder b : ops) {
      total += b.weight();
    }
    int r = rng.nextInt(total);
    for (OpBuilder b : ops) {
      r -= b.weight();
      if (r < 0) {
        return b;
      }
    }
    throw new IllegalStateException("weights changed while drawing");
  }

  private static Expr newest(List<Expr> pool, List<Expr> open) {
    for (int i = pool.size() - 1; i >= 0; i--) {
      if (open.contains(pool.get(i))) {
        return pool.get(i);
      }
    }
    return open.get(0);
  }

  /**
   * Smaller safe expressions, fewest nodes first: each op of {@code e} applied directly to
   * variables, every subexpression as the new root, and every node replaced (at all its uses) by
   * one of its arguments, a variable, or zeros of its shape.
   */
  @Override
  public Stream<Expr> shrink(Expr e) {
    List<Expr> order = Exprs.topologicalOrder(e);
    int size = order.size();
    List<Expr> out = new ArrayList<>();
    for (Expr n : order) {
      if (n != e && !(n instanceof Const)) {
        out.add(n);
      }
    }
    List<Var> vars = List.copyOf(Exprs.variables(e).values());
    Set<Op> ops = new LinkedHashSet<>();
    order.stream().filter(n -> n instanceof Apply).forEach(n -> ops.add(((Apply) n).op()));
    ops.forEach(op -> onVariables(op, vars, new ArrayList<>(), out));
    for (Expr n : order) {
      if (n instanceof Apply a) {
        for (Expr arg : a.args()) {
          if (arg.shape().equals(n.shape())) {
            out.add(replace(order, n, arg));
          }
        }
        vars.stream().filter(v -> v.shape().equals(n.shape())).forEach(v -> out.add(replace(order, n, v)));
        out.add(replace(order, n, Fx.zeros(n.shape())));
      }
    }
    Intervals intervals = new Intervals(config.domains());
    return out.stream()
        .filter(c -> c != null && !(c instanceof Const) && Exprs.nodeCount(c) < size)
        .sorted(Comparator.comparingInt(Exprs::nodeCount))
        .filter(c -> intervals.violation(c) == null);
  }

  /** Adds {@code op} applied to every tuple of variables whose shapes it accepts. */
  private static void onVariables(Op op, List<Var> vars, List<Expr> args, List<Expr> out) {
    if (args.size() == op.arity()) {
      try {
        out.add(Apply.of(op, args));
      } catch (IllegalArgumentException rejected) {
        return;
      }
      return;
    }
    if (op.arity() > 3) {
      return;
    }
    for (Var v : vars) {
      args.add(v);
      onVariables(op, vars, args, out);
      args.remove(args.size() - 1);
    }
  }

  /** {@code order}'s root with {@code target} replaced by {@code by}, rebuilt; null if ill-formed. */
  private static @org.jspecify.annotations.Nullable Expr replace(List<Expr> order, Expr target, Expr by) {
    Map<Expr, Expr> memo = new IdentityHashMap<>();
    try {
      for (Expr n : order) {
        Expr r = n;
        if (n == target) {
          r = by;
        } else if (n instanceof Apply a) {
          Expr[] args = new Expr[a.args().size()];
          boolean same = true;
          for (int i = 0; i < args.length; i++) {
            args[i] = memo.get(a.arg(i));
            same &= args[i] == a.arg(i);
          }
          r = same ? a : Fx.apply(a.op(), args);
        }
        memo.put(n, r);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return memo.get(order.get(order.size() - 1));
  }

  @Override
  public String describe(Expr value) {
    return Exprs.print(value) + "  (" + Exprs.nodeCount(value) + " nodes, shape " + value.shape() + ")";
  }
}
