package dev.fluxion.autodiff.transform;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Batch;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Vectorising map, JAX's {@code vmap}: a function written for one example, applied to a batch at once,
 * {@code vmap(f)(xs)[k] = f(xs[k])}. It is a graph-to-graph transform: {@code f} is traced once on a
 * placeholder of one example's shape, then every node that depends on the placeholder is rebuilt by its
 * op's batching rule ({@link dev.fluxion.autodiff.op.Op#batch}) with a leading batch axis; nodes that do
 * not are shared unchanged. The result is an ordinary expression, so {@code vmap} composes with
 * {@code grad}, {@code jvp}, {@code vjp}, {@code hessian}, compiled plans and itself, in any order:
 * {@code vmap(grad(loss))} gives per-example gradients, {@code grad} of a vmapped sum the batch gradient.
 *
 * <p>Ops without a rule of their own run once per example and are stacked (correct, but their cost grows
 * with the batch): a convolution's weight gradient per example, a {@code cond} whose predicate is batched
 * (only the branch each example takes may run) and {@code whileLoop} with a batched operand. A
 * {@code scan} is batched as one loop whose step is batched, a {@code checkpoint} as one node whose body
 * is, a {@code cond} with a shared predicate as one conditional of batched branches, a custom function as
 * one custom function whose body and rule are batched.
 */
public final class Vmap {
  private static final AtomicLong FRESH = new AtomicLong();

  private Vmap() {}

  /**
   * {@return {@code f} mapped over the leading axis of its argument and of its result}
   *
   * @param f a function of one example
   */
  public static UnaryOperator<Expr> vmap(UnaryOperator<Expr> f) {
    return vmap(f, 0, 0);
  }

  /**
   * {@return {@code f} mapped over axis {@code inAxis} of its argument, the result's batch axis at {@code outAxis}}
   *
   * @param f a function of one example (the argument without axis {@code inAxis})
   * @param inAxis the argument's batch axis, negative counting from the end
   * @param outAxis where the result's batch axis goes, in {@code [-rank - 1, rank]} of one result
   * @throws IllegalArgumentException when applied, if an axis is out of range
   */
  public static UnaryOperator<Expr> vmap(UnaryOperator<Expr> f, int inAxis, int outAxis) {
    Checks.notNull(f, "f");
    Function<List<Expr>, List<Expr>> g = vmap(x -> List.of(Checks.notNull(f.apply(x.get(0)), "f's result")),
        Arrays.asList(inAxis), outAxis);
    return x -> g.apply(List.of(Checks.notNull(x, "argument"))).get(0);
  }

  /**
   * {@return {@code f} mapped over the given axes of its arguments; each result's batch axis at {@code outAxis}}
   * Arguments with a null axis are not mapped: {@code f} receives them as they are (weights shared by
   * every example); the others it receives as placeholders of one example's shape.
   *
   * @param f a function of one example, returning one or more results
   * @param inAxes one per argument: its batch axis (negative counting from the end), or null
   * @param outAxis where each result's batch axis goes, in {@code [-rank - 1, rank]} of that result
   * @throws IllegalArgumentException when applied, if the number of arguments differs from
   *     {@code inAxes}, no argument is mapped, an axis is out of range or the mapped axes differ in size
   */
  public static Function<List<Expr>, List<Expr>> vmap(Function<List<Expr>, List<Expr>> f,
      List<@Nullable Integer> inAxes, int outAxis) {
    Checks.notNull(f, "f");
    List<@Nullable Integer> axes = new ArrayList<>(Checks.notNull(inAxes, "inAxes"));
    return args -> {
      Checks.notNull(args, "arguments");
      if (args.size() != axes.size()) {
        throw new IllegalArgumentException("vmap: " + args.size() + " arguments but " + axes.size() + " in-axes");
      }
      List<Expr> placeholders = new ArrayList<>();
      Map<String, Expr> batched = new java.util.LinkedHashMap<>();
      for (int i = 0; i < args.size(); i++) {
        Expr a = Checks.notNull(args.get(i), "argument " + i);
        Integer axis = axes.get(i);
        if (axis == null) {
          placeholders.add(a);
          continue;
        }
        int r = a.shape().rank();
        if (axis < -r || axis >= r) {
          throw new IllegalArgumentException("vmap: in-axis " + axis + " of argument " + i + " is out of range for shape "
              + a.shape());
        }
        int ax = axis < 0 ? axis + r : axis;
        Var v = new Var("%vmap" + FRESH.incrementAndGet(), drop(a.shape(), ax), a.dtype());
        placeholders.add(v);
        batched.put(v.name(), moveAxis(a, ax, 0));
      }
      List<Expr> body = List.copyOf(Checks.notNull(f.apply(List.copyOf(placeholders)), "f's results"));
      List<Expr> out = batch(body, batched);
      List<Expr> moved = new ArrayList<>(out.size());
      for (Expr y : out) {
        moved.add(moveAxis(y, 0, normalize(outAxis, y.shape().rank(), "out-axis")));
      }
      return List.copyOf(moved);
    };
  }

  /**
   * {@return {@code f} with its variables named in {@code batched} replaced by batches of values: an
   * expression of shape {@code [b, ...f]} whose slice {@code k} is {@code f} with each such variable
   * replaced by its input's slice {@code k}} The expression-level form of {@link #vmap}.
   *
   * @param f any expression
   * @param batched per variable name, a batch of its values, {@code [b, ...its shape]}, of its dtype
   * @throws IllegalArgumentException as {@link #batch(List, Map)}
   */
  public static Expr batch(Expr f, Map<String, ? extends Expr> batched) {
    return batch(List.of(Checks.notNull(f, "f")), batched).get(0);
  }

  /**
   * {@return each of {@code outputs} batched as {@link #batch(Expr, Map)} does, sharing their nodes}
   *
   * @param outputs any expressions
   * @param batched per variable name, a batch of its values, {@code [b, ...its shape]}, of its dtype
   * @throws IllegalArgumentException if {@code batched} is empty, its inputs differ in batch size, or one
   *     does not match its variable's shape or dtype
   */
  public static List<Expr> batch(List<Expr> outputs, Map<String, ? extends Expr> batched) {
    Checks.notNull(outputs, "outputs");
    Checks.notNull(batched, "batched");
    if (batched.isEmpty()) {
      throw new IllegalArgumentException("vmap: no input is batched, so the batch size is unknown");
    }
    int size = -1;
    for (var e : batched.entrySet()) {
      Shape s = Checks.notNull(e.getValue(), "batched input " + e.getKey()).shape();
      if (s.rank() == 0 || (size >= 0 && s.dim(0) != size)) {
        throw new IllegalArgumentException("vmap: batched input " + e.getKey() + " has shape " + s
            + (size >= 0 ? "; the batch size is " + size : "; it needs a leading batch axis"));
      }
      size = s.dim(0);
    }
    Map<Expr, Expr> value = new IdentityHashMap<>();
    Map<Expr, Boolean> isBatched = new IdentityHashMap<>();
    Expr[] roots = outputs.toArray(Expr[]::new);
    for (Expr n : Exprs.topologicalOrder(roots)) {
      Expr v = n;
      boolean b = false;
      if (n instanceof Var var && batched.containsKey(var.name())) {
        v = batched.get(var.name());
        check(var, v, size);
        b = true;
      } else if (n instanceof Apply a) {
        List<Expr> args = new ArrayList<>(a.args().size());
        List<Boolean> flags = new ArrayList<>(a.args().size());
        for (Expr arg : a.args()) {
          args.add(value.get(arg));
          boolean f = isBatched.get(arg);
          flags.add(f);
          b |= f;
        }
        v = b ? rule(a, args, new Batch(size, flags)) : n;
      }
      value.put(n, v);
      isBatched.put(n, b);
    }
    List<Expr> out = new ArrayList<>(roots.length);
    for (Expr r : roots) {
      Expr v = value.get(r);
      out.add(isBatched.get(r) ? v : Fx.broadcastTo(v, new Batch(size, List.of()).withBatch(v.shape())));
    }
    return out;
  }

  private static Expr rule(Apply a, List<Expr> args, Batch b) {
    Expr y = a.op().batch(args, b);
    Shape expected = b.withBatch(a.shape());
    if (!y.shape().equals(expected) || y.dtype() != a.dtype()) {
      throw new IllegalStateException("vmap: the batching rule of " + a.op().name() + " gave " + y.shape() + " "
          + y.dtype() + " for a node of " + a.shape() + " " + a.dtype() + " (expected " + expected + ")");
    }
    return y;
  }

  private static void check(Var var, Expr v, int size) {
    Shape expected = new Batch(size, List.of()).withBatch(var.shape());
    if (!v.shape().equals(expected) || v.dtype() != var.dtype()) {
      throw new IllegalArgumentException("vmap: variable " + var.name() + " is " + var.shape() + " " + var.dtype()
          + ", so its batch must be " + expected + " " + var.dtype() + ", got " + v.shape() + " " + v.dtype());
    }
  }

  /** {@return an axis of a result of rank {@code rank} (its batch axis included) made non-negative} */
  private static int normalize(int axis, int rank, String what) {
    if (axis < -rank || axis >= rank) {
      throw new IllegalArgumentException("vmap: " + what + " " + axis + " is out of range for a result of rank "
          + (rank - 1));
    }
    return axis < 0 ? axis + rank : axis;
  }

  private static Shape drop(Shape s, int axis) {
    int[] d = new int[s.rank() - 1];
    for (int i = 0, k = 0; i < s.rank(); i++) {
      if (i != axis) {
        d[k++] = s.dim(i);
      }
    }
    return Shape.of(d);
  }

  /** {@return {@code x} with axis {@code from} moved to {@code to}, the others in order} */
  private static Expr moveAxis(Expr x, int from, int to) {
    if (from == to) {
      return x;
    }
    int r = x.shape().rank();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      if (i != from) {
        order.add(i);
      }
    }
    order.add(to, from);
    return Fx.permute(x, order.stream().mapToInt(Integer::intValue).toArray());
  }
}
