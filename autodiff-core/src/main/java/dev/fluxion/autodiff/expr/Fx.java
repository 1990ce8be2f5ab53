package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.op.*;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expression DSL: static factories named after the math ({@code import static
 * dev.fluxion.autodiff.expr.Fx.*}).
 *
 * <p>Every factory infers the result shape at once and throws {@link IllegalArgumentException}
 * naming the op and the shapes on a mismatch. Binary ops broadcast (NumPy rules) by inserting
 * explicit {@code broadcast} nodes. Cheap local simplifications apply as nodes are built:
 * constant folding (an op whose arguments are all constants becomes a constant),
 * {@code x + 0 = x}, {@code x * 1 = x}, {@code x * -1 = -x}, {@code x * 0 = 0}, {@code --x = x}, identity
 * reshapes and broadcasts. {@code x * 0 = 0} holds even for infinite {@code x}: zero is strong.
 */
public final class Fx {
  private Fx() {}

  // ------------------------------------------------------------------ leaves

  /** A constant leaf. */
  public static Expr constant(Tensor value) {
    return new Const(value);
  }

  /** A rank-0 constant. */
  public static Expr scalar(double value) {
    return new Const(Tensor.scalar(value));
  }

  /** A constant of zeros. */
  public static Expr zeros(Shape shape) {
    return new Const(Tensor.zeros(shape));
  }

  /** A constant of ones. */
  public static Expr ones(Shape shape) {
    return new Const(Tensor.ones(shape));
  }

  /** A scalar variable. */
  public static Var variable(String name) {
    return new Var(name, Shape.scalar());
  }

  /** A variable of the given shape. */
  public static Var variable(String name, Shape shape) {
    return new Var(name, shape);
  }

  /** A variable of shape {@code dims}. */
  public static Var variable(String name, int... dims) {
    return new Var(name, Shape.of(dims));
  }

  // ------------------------------------------------------------------ generic application

  /**
   * {@code op(args)}, folded to a constant when every argument is constant.
   *
   * @throws IllegalArgumentException if the arity or the shapes do not fit the op
   */
  public static Expr apply(Op op, Expr... args) {
    Checks.notNull(op, "op");
    Checks.notNull(args, "args");
    if (args.length != op.arity()) {
      throw new IllegalArgumentException(op.name() + ": expects " + op.arity() + " arguments, got " + args.length);
    }
    List<Expr> list = new ArrayList<>(args.length);
    boolean allConst = true;
    for (int i = 0; i < args.length; i++) {
      list.add(Checks.notNull(args[i], op.name() + ": argument " + i));
      allConst &= args[i] instanceof Const;
    }
    Apply node = Apply.of(op, list);
    if (!allConst) {
      return node;
    }
    List<Tensor> values = new ArrayList<>(args.length);
    for (Expr a : args) {
      values.add(((Const) a).value());
    }
    return new Const(op.apply(values));
  }

  // ------------------------------------------------------------------ arithmetic

  /** {@code -x}. */
  public static Expr neg(Expr x) {
    if (x instanceof Apply a && a.op() == Neg.OP) {
      return a.arg(0);
    }
    return apply(Neg.OP, x);
  }

  /** {@code a + b}, broadcasting. */
  public static Expr add(Expr a, Expr b) {
    Expr[] ab = broadcastPair("add", a, b);
    if (isZero(ab[0])) {
      return ab[1];
    }
    return isZero(ab[1]) ? ab[0] : apply(Add.OP, ab);
  }

  /** {@code a - b}, broadcasting. */
  public static Expr sub(Expr a, Expr b) {
    Expr[] ab = broadcastPair("sub", a, b);
    if (isZero(ab[1])) {
      return ab[0];
    }
    return isZero(ab[0]) ? neg(ab[1]) : apply(Sub.OP, ab);
  }

  /** {@code a * b} elementwise, broadcasting. */
  public static Expr mul(Expr a, Expr b) {
    Expr[] ab = broadcastPair("mul", a, b);
    return simplifyProduct(ab, Mul.OP);
  }

  /**
   * The strong-zero product {@code a == 0 ? 0 : a * b} used by derivative rules (a tangent or
   * cotangent {@code a} times a local derivative {@code b}), broadcasting.
   */
  public static Expr maskedMul(Expr a, Expr b) {
    Expr[] ab = broadcastPair("maskedMul", a, b);
    return simplifyProduct(ab, MaskedMul.OP);
  }

  private static Expr simplifyProduct(Expr[] ab, Op op) {
    if (isZero(ab[0]) || isZero(ab[1])) {
      return zeros(ab[0].shape());
    }
    if (isOne(ab[0])) {
      return ab[1];
    }
    if (isOne(ab[1])) {
      return ab[0];
    }
    if (isMinusOne(ab[0])) {
      return neg(ab[1]);
    }
    return isMinusOne(ab[1]) ? neg(ab[0]) : apply(op, ab);
  }

  /** {@code a / b} elementwise, broadcasting. */
  public static Expr div(Expr a, Expr b) {
    Expr[] ab = broadcastPair("div", a, b);
    if (isOne(ab[1])) {
      return ab[0];
    }
    return isZero(ab[0]) && !(ab[1] instanceof Const) ? zeros(ab[0].shape()) : apply(Div.OP, ab);
  }

  /** {@code 1 / x}. */
  public static Expr reciprocal(Expr x) {
    return div(scalar(1.0), x);
  }

  /** {@code a ^ b} elementwise, broadcasting. */
  public static Expr pow(Expr a, Expr b) {
    Expr[] ab = broadcastPair("pow", a, b);
    return isOne(ab[1]) ? ab[0] : apply(Pow.OP, ab);
  }

  /** {@code a ^ c}. */
  public static Expr pow(Expr a, double c) {
    return pow(a, scalar(c));
  }

  /** {@code x * x}. */
  public static Expr square(Expr x) {
    return mul(x, x);
  }

  /** Elementwise maximum, broadcasting; ties split the derivative equally. */
  public static Expr maximum(Expr a, Expr b) {
    return apply(Maximum.MAX, broadcastPair("maximum", a, b));
  }

  /** Elementwise minimum, broadcasting; ties split the derivative equally. */
  public static Expr minimum(Expr a, Expr b) {
    return apply(Maximum.MIN, broadcastPair("minimum", a, b));
  }

  // ------------------------------------------------------------------ elementwise functions

  /** {@code e^x}. */
  public static Expr exp(Expr x) {
    return apply(Exp.OP, x);
  }

  /** {@code ln x}, domain {@code x > 0}. */
  public static Expr log(Expr x) {
    return apply(Log.OP, x);
  }

  /** {@code √x}, domain {@code x >= 0}. */
  public static Expr sqrt(Expr x) {
    return apply(Sqrt.OP, x);
  }

  /** {@code |x|}; derivative 0 at 0. */
  public static Expr abs(Expr x) {
    return apply(Abs.OP, x);
  }

  /** {@code sin x}. */
  public static Expr sin(Expr x) {
    return apply(Sin.OP, x);
  }

  /** {@code cos x}. */
  public static Expr cos(Expr x) {
    return apply(Cos.OP, x);
  }

  /** {@code tan x}. */
  public static Expr tan(Expr x) {
    return apply(Tan.OP, x);
  }

  /** {@code tanh x}. */
  public static Expr tanh(Expr x) {
    return apply(Tanh.OP, x);
  }

  /** {@code 1 / (1 + e^-x)}. */
  public static Expr sigmoid(Expr x) {
    return apply(Sigmoid.OP, x);
  }

  /** {@code max(x, 0)}; derivative 0 at 0. */
  public static Expr relu(Expr x) {
    return apply(Relu.OP, x);
  }

  /** {@code x > 0 ? x : alpha x}. */
  public static Expr leakyRelu(Expr x, double alpha) {
    return apply(new LeakyRelu(alpha), x);
  }

  /** {@code ln(1 + e^x)}, overflow-free. */
  public static Expr softplus(Expr x) {
    return apply(Softplus.OP, x);
  }

  /** {@code x > 0 ? 1 : 0}; zero derivative. */
  public static Expr step(Expr x) {
    return apply(Step.OP, x);
  }

  /** {@code sign(x)}; zero derivative. */
  public static Expr sign(Expr x) {
    return apply(Sign.OP, x);
  }

  // ------------------------------------------------------------------ comparisons and selection

  /** 1 where {@code a > b}, else 0; zero derivative. */
  public static Expr gt(Expr a, Expr b) {
    return apply(Compare.GT, broadcastPair("gt", a, b));
  }

  /** 1 where {@code a >= b}, else 0; zero derivative. */
  public static Expr ge(Expr a, Expr b) {
    return apply(Compare.GE, broadcastPair("ge", a, b));
  }

  /** 1 where {@code a < b}, else 0; zero derivative. */
  public static Expr lt(Expr a, Expr b) {
    return apply(Compare.LT, broadcastPair("lt", a, b));
  }

  /** 1 where {@code a <= b}, else 0; zero derivative. */
  public static Expr le(Expr a, Expr b) {
    return apply(Compare.LE, broadcastPair("le", a, b));
  }

  /** 1 where {@code a == b}, else 0; zero derivative. */
  public static Expr eq(Expr a, Expr b) {
    return apply(Compare.EQ, broadcastPair("eq", a, b));
  }

  /** {@code c != 0 ? a : b} elementwise, all three broadcast; never leaks NaN from the branch not taken. */
  public static Expr where(Expr c, Expr a, Expr b) {
    Checks.notNull(c, "where: c");
    Checks.notNull(a, "where: a");
    Checks.notNull(b, "where: b");
    Shape s = broadcastShape("where", broadcastShape("where", c.shape(), a.shape()), b.shape());
    return apply(Where.OP, broadcastTo(c, s), broadcastTo(a, s), broadcastTo(b, s));
  }

  // ------------------------------------------------------------------ broadcasting and reductions

  /**
   * {@code x} broadcast to {@code target} (NumPy rules).
   *
   * @throws IllegalArgumentException if it does not broadcast
   */
  public static Expr broadcastTo(Expr x, Shape target) {
    Checks.notNull(x, "x");
    return x.shape().equals(Checks.notNull(target, "target")) ? x : apply(new Broadcast(target), x);
  }

  /**
   * The sum of {@code x} down to {@code target}, the adjoint of {@link #broadcastTo}.
   *
   * @throws IllegalArgumentException if {@code target} does not broadcast to {@code x}'s shape
   */
  public static Expr sumTo(Expr x, Shape target) {
    Shape s = Checks.notNull(x, "x").shape();
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
    return reshape(sum(x, Arrays.copyOf(axes, n), true), target);
  }

  /** The sum of all elements (rank 0). */
  public static Expr sum(Expr x) {
    return sum(x, allAxes(x), false);
  }

  /**
   * The sum over {@code axes} (negative axes count from the end).
   *
   * @throws IllegalArgumentException if an axis is out of range or repeated
   */
  public static Expr sum(Expr x, int[] axes, boolean keepDims) {
    int[] a = normalizeAxes("sum", x, axes);
    return a.length == 0 && !keepDims ? x : apply(new Sum(a, keepDims), x);
  }

  /** The mean of all elements (rank 0). */
  public static Expr mean(Expr x) {
    return mean(x, allAxes(x), false);
  }

  /** The mean over {@code axes}. */
  public static Expr mean(Expr x, int[] axes, boolean keepDims) {
    int[] a = normalizeAxes("mean", x, axes);
    int n = 1;
    for (int axis : a) {
      n *= x.shape().dim(axis);
    }
    return div(sum(x, a, keepDims), scalar(n));
  }

  /** The maximum of all elements (rank 0); tied maxima share the derivative. */
  public static Expr max(Expr x) {
    return max(x, allAxes(x), false);
  }

  /** The maximum over {@code axes}; tied maxima share the derivative. */
  public static Expr max(Expr x, int[] axes, boolean keepDims) {
    return apply(new ReduceMax(normalizeAxes("max", x, axes), keepDims), x);
  }

  /** The minimum of all elements (rank 0). */
  public static Expr min(Expr x) {
    return neg(max(neg(x)));
  }

  /** The minimum over {@code axes}. */
  public static Expr min(Expr x, int[] axes, boolean keepDims) {
    return neg(max(neg(x), axes, keepDims));
  }

  /** {@code ln Σ e^x} along {@code axis}, stable for large magnitudes. */
  public static Expr logSumExp(Expr x, int axis, boolean keepDims) {
    return apply(new LogSumExp(normalizeAxis("logSumExp", x, axis), keepDims), x);
  }

  /** {@code e^x / Σ e^x} along {@code axis}. */
  public static Expr softmax(Expr x, int axis) {
    return apply(new Softmax(normalizeAxis("softmax", x, axis)), x);
  }

  /** {@code x - logsumexp(x)} along {@code axis}. */
  public static Expr logSoftmax(Expr x, int axis) {
    return apply(new LogSoftmax(normalizeAxis("logSoftmax", x, axis)), x);
  }

  // ------------------------------------------------------------------ linear algebra and layout

  /**
   * The matrix product; batch dimensions broadcast and rank-1 operands act as row (left) or
   * column (right) vectors whose axis is dropped, as in NumPy.
   *
   * @throws IllegalArgumentException naming both shapes if the inner dimensions differ
   */
  public static Expr matmul(Expr a, Expr b) {
    return Layouts.matmul(Checks.notNull(a, "a"), Checks.notNull(b, "b"));
  }

  /** {@code x} in a new shape of the same size; one dimension may be -1. */
  public static Expr reshape(Expr x, int... dims) {
    return Layouts.reshape(Checks.notNull(x, "x"), Checks.notNull(dims, "dims"));
  }

  /** {@code x} in a new shape of the same size. */
  public static Expr reshape(Expr x, Shape shape) {
    Checks.notNull(x, "x");
    if (x.shape().equals(Checks.notNull(shape, "shape"))) {
      return x;
    }
    if (x instanceof Apply a && a.op() instanceof Reshape) {
      return reshape(a.arg(0), shape);
    }
    return apply(new Reshape(shape), x);
  }

  /** The matrix transpose: last two axes swapped (rank < 2: unchanged). */
  public static Expr transpose(Expr x) {
    return Layouts.transpose(Checks.notNull(x, "x"));
  }

  /** Axes permuted: output axis {@code i} is input axis {@code perm[i]}. */
  public static Expr permute(Expr x, int... perm) {
    return Layouts.permute(Checks.notNull(x, "x"), Checks.notNull(perm, "perm"));
  }

  /** The strided slice {@code x[start:stop:step]} along every axis. */
  public static Expr slice(Expr x, int[] start, int[] stop, int[] step) {
    return apply(new Slice(Checks.notNull(start, "start"), Checks.notNull(stop, "stop"),
        Checks.notNull(step, "step")), x);
  }

  /** Zeros of shape {@code target} with {@code x} written at {@code start + j*step}: the adjoint of slice. */
  public static Expr unslice(Expr x, Shape target, int[] start, int[] step) {
    return apply(new Unslice(Checks.notNull(target, "target"), Checks.notNull(start, "start"),
        Checks.notNull(step, "step")), x);
  }

  /** {@code x[i0, i1, ...]}: leading axes indexed and dropped (negative indices count from the end). */
  public static Expr index(Expr x, int... indices) {
    return Layouts.index(Checks.notNull(x, "x"), Checks.notNull(indices, "indices"));
  }

  /** Expressions joined along an existing axis. */
  public static Expr concat(int axis, Expr... parts) {
    return Layouts.concat(axis, Checks.notNull(parts, "parts"));
  }

  /** Expressions of one shape stacked along a new axis. */
  public static Expr stack(int axis, Expr... parts) {
    return Layouts.stack(axis, Checks.notNull(parts, "parts"));
  }

  // ------------------------------------------------------------------ convolution and pooling

  /**
   * 2-D cross-correlation (NCHW): {@code x [N, C, H, W]}, {@code w [O, C, KH, KW]} →
   * {@code [N, O, (H + 2p - KH)/s + 1, (W + 2p - KW)/s + 1]}.
   *
   * @param stride {@code [sh, sw]}, each {@code >= 1}
   * @param padding {@code [ph, pw]} zeros on each side, each {@code >= 0}
   * @throws IllegalArgumentException naming both shapes if channels differ or the kernel does not fit
   */
  public static Expr conv2d(Expr x, Expr w, int[] stride, int[] padding) {
    return conv2d(x, w, ConvGeometry.of(stride, padding));
  }

  /** {@link #conv2d(Expr, Expr, int[], int[])} with one stride and one padding for both axes. */
  public static Expr conv2d(Expr x, Expr w, int stride, int padding) {
    return conv2d(x, w, new ConvGeometry(stride, stride, padding, padding));
  }

  /** {@link #conv2d(Expr, Expr, int[], int[])} with the geometry as a value. */
  public static Expr conv2d(Expr x, Expr w, ConvGeometry geometry) {
    return apply(new Conv2d(Checks.notNull(geometry, "geometry")), x, w);
  }

  /**
   * Max pooling (NCHW, no padding) over {@code window} with {@code stride}; the derivative flows
   * to each window's first maximal element.
   *
   * @throws IllegalArgumentException if the input is not rank 4 or the window does not fit
   */
  public static Expr maxPool2d(Expr x, int[] window, int[] stride) {
    return maxPool2d(x, PoolGeometry.of(window, stride));
  }

  /** Max pooling with a square window {@code k} and stride {@code s}. */
  public static Expr maxPool2d(Expr x, int k, int s) {
    return maxPool2d(x, new PoolGeometry(k, k, s, s));
  }

  /** Max pooling with the geometry as a value. */
  public static Expr maxPool2d(Expr x, PoolGeometry geometry) {
    return apply(new MaxPool2d(Checks.notNull(geometry, "geometry")), x);
  }

  /**
   * Average pooling (NCHW, no padding) over {@code window} with {@code stride}.
   *
   * @throws IllegalArgumentException if the input is not rank 4 or the window does not fit
   */
  public static Expr avgPool2d(Expr x, int[] window, int[] stride) {
    return avgPool2d(x, PoolGeometry.of(window, stride));
  }

  /** Average pooling with a square window {@code k} and stride {@code s}. */
  public static Expr avgPool2d(Expr x, int k, int s) {
    return avgPool2d(x, new PoolGeometry(k, k, s, s));
  }

  /** Average pooling with the geometry as a value. */
  public static Expr avgPool2d(Expr x, PoolGeometry geometry) {
    return apply(new AvgPool2d(Checks.notNull(geometry, "geometry")), x);
  }

  // ------------------------------------------------------------------ helpers

  static boolean isZero(Expr e) {
    return e instanceof Const c && c.isZero();
  }

  static boolean isOne(Expr e) {
    return e instanceof Const c && c.isOne();
  }

  static boolean isMinusOne(Expr e) {
    return e instanceof Const c && c.value().size() > 0 && c.isFilledWith(-1.0);
  }

  private static Shape broadcastShape(String op, Shape a, Shape b) {
    try {
      return Shape.broadcast(a, b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
  }

  private static Expr[] broadcastPair(String op, Expr a, Expr b) {
    Checks.notNull(a, op + ": a");
    Checks.notNull(b, op + ": b");
    Shape s = broadcastShape(op, a.shape(), b.shape());
    return new Expr[] {broadcastTo(a, s), broadcastTo(b, s)};
  }

  private static int[] allAxes(Expr x) {
    int[] a = new int[Checks.notNull(x, "x").shape().rank()];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    return a;
  }

  static int normalizeAxis(String op, Expr x, int axis) {
    return normalizeAxes(op, x, new int[] {axis})[0];
  }

  static int[] normalizeAxes(String op, Expr x, int[] axes) {
    Checks.notNull(x, op + ": x");
    Checks.notNull(axes, op + ": axes");
    try {
      boolean[] mask = x.shape().axisMask(axes);
      int[] out = new int[axes.length];
      for (int i = 0, j = 0; i < mask.length; i++) {
        if (mask[i]) {
          out[j++] = i;
        }
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
  }
}
