package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.op.Add;
import dev.fluxion.autodiff.op.Broadcast;
import dev.fluxion.autodiff.op.Div;
import dev.fluxion.autodiff.op.Neg;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Pow;
import dev.fluxion.autodiff.op.ReshapeOp;
import dev.fluxion.autodiff.op.Sub;
import dev.fluxion.autodiff.op.Sum;
import dev.fluxion.autodiff.op.Where;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Build-time simplification behind {@link Fx}: constant folding, explicit broadcast nodes (NumPy
 * rules) and the cheap local rules {@code x + 0 = x}, {@code x * 1 = x}, {@code x * -1 = -x},
 * {@code --x = x}, identity reshapes, sums and broadcasts. {@code x * 0} and {@code 0 / x} fold only
 * when {@code x} is constant too (IEEE arithmetic decides); the strong-zero product folds a zero factor.
 */
final class Simplify {
  private Simplify() {}

  /** {@return {@code op(args)}, folded to a constant when every argument is constant} */
  static Expr apply(Op op, Expr... args) {
    Checks.notNull(op, "op");
    Checks.notNull(args, "args");
    if (args.length != op.arity()) {
      throw new IllegalArgumentException(op.name() + ": expects " + op.arity() + " arguments, got " + args.length);
    }
    boolean allConst = true;
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) { // the message is built only when thrown: this runs once per node
        throw new IllegalArgumentException(op.name() + ": argument " + i + " is null");
      }
      allConst &= args[i] instanceof Const;
    }
    if (!allConst) {
      return Apply.of(op, List.of(args));
    }
    Apply.build(op, List.of(args)); // checks shapes and dtypes as the node would
    List<Tensor> values = new ArrayList<>(args.length);
    for (Expr a : args) {
      values.add(((Const) a).value());
    }
    return new Const(op.apply(values));
  }

  /** {@return {@code -x}, with {@code --x = x}} */
  static Expr neg(Expr x) {
    if (x instanceof Apply a && a.op() == Neg.OP) {
      return a.arg(0);
    }
    return apply(Neg.OP, x);
  }

  /** {@return {@code a + b} broadcast, with {@code 0 + b = b} and {@code a + 0 = a}} */
  static Expr add(Expr a, Expr b) {
    Expr[] ab = broadcast("add", a, b);
    if (isZero(ab[0])) {
      return ab[1];
    }
    return isZero(ab[1]) ? ab[0] : apply(Add.OP, ab);
  }

  /** {@return {@code a - b} broadcast, with {@code a - 0 = a} and {@code 0 - b = -b}} */
  static Expr sub(Expr a, Expr b) {
    Expr[] ab = broadcast("sub", a, b);
    if (isZero(ab[1])) {
      return ab[0];
    }
    return isZero(ab[0]) ? neg(ab[1]) : apply(Sub.OP, ab);
  }

  /**
   * {@return the product {@code op(a, b)} broadcast, with {@code 1 * x = x} and {@code -1 * x = -x};
   * a zero factor folds to zeros only when {@code strong}}
   */
  static Expr product(String name, Expr a, Expr b, Op op, boolean strong) {
    Expr[] ab = broadcast(name, a, b);
    if (strong && (isZero(ab[0]) || isZero(ab[1]))) {
      return new Const(Tensor.zeros(ab[0].shape(), ab[0].dtype()));
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

  /** {@return {@code a / b} broadcast, with {@code a / 1 = a}} */
  static Expr div(Expr a, Expr b) {
    Expr[] ab = broadcast("div", a, b);
    if (isOne(ab[1])) {
      return ab[0];
    }
    return apply(Div.OP, ab);
  }

  /** {@return {@code a ^ b} broadcast, with {@code a ^ 1 = a}} */
  static Expr pow(Expr a, Expr b) {
    Expr[] ab = broadcast("pow", a, b);
    return isOne(ab[1]) ? ab[0] : apply(Pow.OP, ab);
  }

  /** {@return {@code c != 0 ? a : b} with all three broadcast to one shape} */
  static Expr where(Expr c, Expr a, Expr b) {
    Checks.notNull(c, "where: c");
    Checks.notNull(a, "where: a");
    Checks.notNull(b, "where: b");
    List<Expr> cab = sameDType("where", List.of(c, a, b));
    Shape s = broadcastShape("where", broadcastShape("where", c.shape(), a.shape()), b.shape());
    return apply(Where.OP, broadcastTo(cab.get(0), s), broadcastTo(cab.get(1), s), broadcastTo(cab.get(2), s));
  }

  /** {@return {@code x} broadcast to {@code target}; {@code x} itself when the shapes agree} */
  static Expr broadcastTo(Expr x, Shape target) {
    Checks.notNull(x, "x");
    return x.shape().equals(Checks.notNull(target, "target")) ? x : apply(new Broadcast(target), x);
  }

  /** {@return the sum over normalised {@code axes}; {@code x} itself when there are none and no dims are kept} */
  static Expr sum(Expr x, int[] axes, boolean keepDims) {
    return axes.length == 0 && !keepDims ? x : apply(new Sum(axes, keepDims), x);
  }

  /** {@return {@code x} reshaped; identity reshapes vanish and a reshape of a reshape collapses} */
  static Expr reshape(Expr x, Shape shape) {
    Checks.notNull(x, "x");
    if (x.shape().equals(Checks.notNull(shape, "shape"))) {
      return x;
    }
    if (x instanceof Apply a && a.op() instanceof ReshapeOp) {
      return reshape(a.arg(0), shape);
    }
    return apply(new ReshapeOp(shape), x);
  }

  /** {@return {@code a} and {@code b} broadcast to their common shape; errors name {@code op}} */
  static Expr[] broadcast(String op, Expr a, Expr b) {
    if (a == null || b == null) {
      throw new IllegalArgumentException(op + (a == null ? ": a" : ": b") + " is null");
    }
    List<Expr> ab = sameDType(op, List.of(a, b));
    Shape s = broadcastShape(op, a.shape(), b.shape());
    return new Expr[] {broadcastTo(ab.get(0), s), broadcastTo(ab.get(1), s)};
  }

  /**
   * {@return {@code args} with rank-0 constants adopting the others' dtype ({@link Apply#of}), before
   * broadcasting makes them full-size; throws naming {@code op} and both dtypes if they still differ}
   */
  private static List<Expr> sameDType(String op, List<Expr> args) {
    List<Expr> typed = Apply.adoptDType(args);
    for (int i = 1; i < typed.size(); i++) {
      if (typed.get(i).dtype() != typed.get(0).dtype()) {
        throw new IllegalArgumentException(op + ": dtypes " + typed.get(0).dtype() + " and " + typed.get(i).dtype()
            + " differ (arguments 0 and " + i + "); convert one with Fx.cast");
      }
    }
    return typed;
  }

  private static Shape broadcastShape(String op, Shape a, Shape b) {
    try {
      return Shape.broadcast(a, b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
    }
  }

  private static boolean isZero(Expr e) {
    return e instanceof Const c && c.isZero();
  }

  private static boolean isOne(Expr e) {
    return e instanceof Const c && c.isOne();
  }

  private static boolean isMinusOne(Expr e) {
    return e instanceof Const c && c.value().size() > 0 && c.isFilledWith(-1.0);
  }
}
