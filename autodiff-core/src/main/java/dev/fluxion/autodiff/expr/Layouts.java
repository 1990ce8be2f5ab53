package dev.fluxion.autodiff.expr;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.op.Concat;
import dev.fluxion.autodiff.op.Matmul;
import dev.fluxion.autodiff.op.Permute;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.Arrays;

/** The DSL's layout helpers that lower NumPy conveniences (and {@code mean}, {@code sumTo}) to primitives. */
final class Layouts {
  private Layouts() {}

  static Expr matmul(Expr a, Expr b) {
    Shape as = a.shape();
    Shape bs = b.shape();
    if (as.rank() == 0 || bs.rank() == 0) {
      throw new IllegalArgumentException("matmul: " + as + " @ " + bs + ": operands must have rank >= 1");
    }
    Expr a2 = as.rank() == 1 ? Fx.reshape(a, Shape.of(1, as.dim(0))) : a;
    Expr b2 = bs.rank() == 1 ? Fx.reshape(b, Shape.of(bs.dim(0), 1)) : b;
    if (a2.shape().dim(-1) != b2.shape().dim(-2)) {
      throw new IllegalArgumentException("matmul: " + as + " @ " + bs + ": inner dimensions " + a2.shape().dim(-1)
          + " and " + b2.shape().dim(-2) + " differ");
    }
    if (a2.shape().rank() > 2 && b2.shape().rank() == 2) {
      // A batch of matrices times one matrix is one product of the stacked rows: its derivatives are
      // plain matrix products too, with no broadcast copy of b and no per-item sum of b's gradient.
      int[] d = a2.shape().toArray();
      int m = 1;
      for (int i = 0; i < d.length - 1; i++) {
        m *= d[i];
      }
      Expr rows = Fx.reshape(a2, Shape.of(m, d[d.length - 1]));
      d[d.length - 1] = b2.shape().dim(1);
      Expr y = Fx.reshape(apply(Matmul.OP, rows, b2), Shape.of(d));
      return bs.rank() == 1 ? Fx.reshape(y, Shape.of(Arrays.copyOf(d, d.length - 1))) : y;
    }
    Shape batchA = Shape.of(Arrays.copyOf(a2.shape().toArray(), a2.shape().rank() - 2));
    Shape batchB = Shape.of(Arrays.copyOf(b2.shape().toArray(), b2.shape().rank() - 2));
    Shape batch;
    try {
      batch = Shape.broadcast(batchA, batchB);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("matmul: " + as + " @ " + bs + ": batch dimensions " + batchA + " and "
          + batchB + " do not broadcast", e);
    }
    Expr y = apply(Matmul.OP, broadcastTo(a2, withBatch(batch, a2.shape())), broadcastTo(b2, withBatch(batch, b2.shape())));
    int[] d = y.shape().toArray();
    int r = d.length;
    if (as.rank() == 1 && bs.rank() == 1) {
      return Fx.reshape(y, Shape.scalar());
    }
    if (as.rank() == 1) {
      int[] out = Arrays.copyOf(d, r - 1);
      out[r - 2] = d[r - 1];
      return Fx.reshape(y, Shape.of(out));
    }
    return bs.rank() == 1 ? Fx.reshape(y, Shape.of(Arrays.copyOf(d, r - 1))) : y;
  }

  private static Shape withBatch(Shape batch, Shape matrix) {
    int[] d = Arrays.copyOf(batch.toArray(), batch.rank() + 2);
    d[batch.rank()] = matrix.dim(-2);
    d[batch.rank() + 1] = matrix.dim(-1);
    return Shape.of(d);
  }

  static Expr reshape(Expr x, int[] dims) {
    return Fx.reshape(x, x.shape().reshaped(dims));
  }

  static Expr transpose(Expr x) {
    int r = x.shape().rank();
    if (r < 2) {
      return x;
    }
    int[] p = new int[r];
    for (int i = 0; i < r; i++) {
      p[i] = i;
    }
    p[r - 1] = r - 2;
    p[r - 2] = r - 1;
    return permute(x, p);
  }

  static Expr permute(Expr x, int[] perm) {
    boolean identity = true;
    for (int i = 0; i < perm.length; i++) {
      identity &= perm[i] == i;
    }
    if (identity && perm.length == x.shape().rank()) {
      return x;
    }
    return apply(new Permute(perm), x);
  }

  static Expr index(Expr x, int[] indices) {
    Shape s = x.shape();
    if (indices.length > s.rank()) {
      throw new IllegalArgumentException("index: " + indices.length + " indices for shape " + s);
    }
    int r = s.rank();
    int[] start = new int[r];
    int[] stop = s.toArray();
    int[] step = new int[r];
    Arrays.fill(step, 1);
    for (int i = 0; i < indices.length; i++) {
      int k = indices[i] < 0 ? indices[i] + s.dim(i) : indices[i];
      if (k < 0 || k >= s.dim(i)) {
        throw new IllegalArgumentException("index: index " + indices[i] + " is out of bounds for axis " + i
            + " of shape " + s);
      }
      start[i] = k;
      stop[i] = k + 1;
    }
    Expr sl = slice(x, start, stop, step);
    return Fx.reshape(sl, Shape.of(Arrays.copyOfRange(s.toArray(), indices.length, r)));
  }

  static Expr concat(int axis, Expr[] parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concat: no expressions");
    }
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new IllegalArgumentException("concat: parts[" + i + "] is null");
      }
    }
    int a = Axes.one("concat", parts[0], axis);
    return parts.length == 1 ? parts[0] : apply(new Concat(a, parts.length), parts);
  }

  static Expr stack(int axis, Expr[] parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("stack: no expressions");
    }
    Shape s = parts[0].shape();
    int a = axis < 0 ? axis + s.rank() + 1 : axis;
    if (a < 0 || a > s.rank()) {
      throw new IllegalArgumentException("stack: axis " + axis + " is out of range for shape " + s);
    }
    int[] d = new int[s.rank() + 1];
    for (int i = 0, j = 0; i < d.length; i++) {
      d[i] = i == a ? 1 : s.dim(j++);
    }
    Expr[] expanded = new Expr[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null || !parts[i].shape().equals(s)) {
        throw new IllegalArgumentException("stack: part " + i + " has shape "
            + (parts[i] == null ? "null" : parts[i].shape()) + ", part 0 has " + s);
      }
      expanded[i] = Fx.reshape(parts[i], Shape.of(d));
    }
    return concat(a, expanded);
  }

  /** The sum of {@code x} down to {@code target}: the adjoint of broadcasting. */
  static Expr sumTo(Expr x, Shape target) {
    Shape s = x.shape();
    if (s.equals(target)) {
      return x;
    }
    if (!target.broadcastsTo(s)) {
      throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + s);
    }
    int lead = s.rank() - target.rank();
    int[] axes = new int[s.rank()];
    int n = 0;
    for (int i = 0; i < s.rank(); i++) {
      if (i < lead || (target.dim(i - lead) == 1 && s.dim(i) != 1)) {
        axes[n++] = i;
      }
    }
    return Fx.reshape(sum(x, Arrays.copyOf(axes, n), true), target);
  }

  /** The mean over already normalised {@code axes}: the sum divided by the reduced element count. */
  static Expr mean(Expr x, int[] axes, boolean keepDims) {
    int n = 1;
    for (int axis : axes) {
      n *= x.shape().dim(axis);
    }
    return div(sum(x, axes, keepDims), scalar(n));
  }
}
