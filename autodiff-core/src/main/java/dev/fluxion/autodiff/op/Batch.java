package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a batching rule ({@link Op#batch}) is told about one node under {@code vmap}: the batch size and
 * which arguments carry the batch axis, always their leading axis {@code [size, ...]}; the others are
 * the unbatched graph's own expressions. Also the helpers rules share.
 *
 * @param size the batch size, {@code >= 1}
 * @param batched one flag per argument: whether it carries the batch axis
 */
public record Batch(int size, List<Boolean> batched) {
  /** Validates the size and copies the flags. */
  public Batch {
    if (size < 1) {
      throw new IllegalArgumentException("vmap: batch size " + size + " must be >= 1");
    }
    batched = List.copyOf(Checks.notNull(batched, "batched"));
  }

  /**
   * {@return whether argument {@code i} carries the batch axis}
   *
   * @param i the argument's position
   */
  public boolean batched(int i) {
    return batched.get(i);
  }

  /**
   * {@return argument {@code i} with the batch axis: itself if batched, else broadcast to {@code [size, ...]}
   * (a broadcast that compiled plans read in place)}
   *
   * @param x the arguments, as the rule received them
   * @param i the argument's position
   */
  public Expr lead(List<Expr> x, int i) {
    Expr e = Checks.notNull(Checks.notNull(x, "x").get(i), "x[" + i + "]");
    return batched(i) ? e : Fx.broadcastTo(e, withBatch(e.shape()));
  }

  /**
   * {@return every argument with the batch axis ({@link #lead})}
   *
   * @param x the arguments, as the rule received them
   */
  public Expr[] leadAll(List<Expr> x) {
    Checks.notNull(x, "x");
    Expr[] out = new Expr[x.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = lead(x, i);
    }
    return out;
  }

  /**
   * {@return {@code op} of every argument with the batch axis ({@link #lead}): the rule of elementwise ops
   * and of ops that take leading batch dimensions themselves (the linear algebra)}
   *
   * @param op an op that maps arguments with a leading axis to a result with that axis
   * @param x the arguments, as the rule received them
   */
  public Expr applyBatched(Op op, List<Expr> x) {
    Checks.notNull(op, "op");
    return Fx.apply(op, leadAll(x));
  }

  /**
   * {@return {@code [size, ...s]}}
   *
   * @param s a per-example shape
   */
  public Shape withBatch(Shape s) {
    Checks.notNull(s, "s");
    int[] d = new int[s.rank() + 1];
    d[0] = size;
    System.arraycopy(s.toArray(), 0, d, 1, s.rank());
    return Shape.of(d);
  }

  /**
   * {@return {@code axes}, each moved one place right (past the batch axis)}
   *
   * @param axes non-negative axes of the per-example shape
   */
  public static int[] shift(int... axes) {
    Checks.notNull(axes, "axes");
    int[] out = axes.clone();
    for (int i = 0; i < out.length; i++) {
      out[i]++;
    }
    return out;
  }

  /**
   * {@return {@code first} followed by {@code rest}: an attribute array extended to the batch axis}
   *
   * @param first the batch axis's entry
   * @param rest the per-example entries
   */
  public static int[] prepend(int first, int[] rest) {
    Checks.notNull(rest, "rest");
    int[] out = new int[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  /**
   * {@return {@code [size·n, ...]} for a per-example {@code [n, ...]}: the shape {@link #fold} gives}
   *
   * @param s a per-example shape of rank at least 1
   */
  public Shape folded(Shape s) {
    Checks.notNull(s, "s");
    int[] d = s.toArray();
    d[0] *= size;
    return Shape.of(d);
  }

  /**
   * {@return a batched {@code [size, n, ...]} as {@code [size·n, ...]}: the batch folded into the leading
   * axis of ops that treat it as a batch of their own (images, rows)}
   *
   * @param x a batched expression of rank at least 2
   */
  public Expr fold(Expr x) {
    Checks.notNull(x, "x");
    int[] d = x.shape().toArray();
    int[] out = Arrays.copyOfRange(d, 1, d.length);
    out[0] *= d[0];
    return Fx.reshape(x, Shape.of(out));
  }

  /**
   * {@return {@code [size·n, ...]} as {@code [size, n, ...]}: the inverse of {@link #fold}}
   *
   * @param y an expression whose leading axis is a multiple of the batch size
   */
  public Expr unfold(Expr y) {
    Checks.notNull(y, "y");
    int[] d = y.shape().toArray();
    int[] out = new int[d.length + 1];
    out[0] = size;
    out[1] = d[0] / size;
    System.arraycopy(d, 1, out, 2, d.length - 1);
    return Fx.reshape(y, Shape.of(out));
  }

  /**
   * {@return the batching rule of last resort: {@code op} applied to each example in turn and the
   * results stacked, one node per example (correct for any op; its cost grows with the batch size)}
   *
   * @param op the op of the node being batched
   * @param x its arguments, as the rule received them
   */
  public Expr perExample(Op op, List<Expr> x) {
    Checks.notNull(op, "op");
    Checks.notNull(x, "x");
    Expr[] outs = new Expr[size];
    for (int b = 0; b < size; b++) {
      List<Expr> args = new ArrayList<>(x.size());
      for (int i = 0; i < x.size(); i++) {
        args.add(batched(i) ? Fx.index(x.get(i), b) : x.get(i));
      }
      outs[b] = Fx.apply(op, args.toArray(Expr[]::new));
    }
    return Fx.stack(0, outs);
  }
}
