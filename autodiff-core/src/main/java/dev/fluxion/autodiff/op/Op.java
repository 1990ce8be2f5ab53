package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A primitive operation: its shape rule, its value kernel and its derivative rules, together.
 *
 * <p>Rules are written with the {@code Expr} DSL and receive the primal output {@code y}, so one
 * rule serves numeric forward mode, numeric reverse mode and symbolic differentiation, to any
 * order. Naming follows JAX: {@code x} (arguments), {@code y} (primal output), {@code xDot}
 * (tangent), {@code yBar} (cotangent).
 *
 * <p>An op also owns everything else about itself, so that adding one touches its own file only
 * (plus its {@code Fx} alias and its op-table row): how formulas spell it and printers show it
 * ({@link #syntax}), its interval rule and safe domain ({@link #bound}, {@link #unsafe}), and how
 * random-expression generators draw it ({@link #samples}). {@link Ops} lists the ops the parser and
 * the generators know.
 *
 * <p>{@link Apply#of} hash-conses nodes by op equality: two equal ops must compute the same pure
 * function of their arguments. Ops with attributes (axes, shapes, geometry) define {@code equals}
 * and {@code hashCode} on them (records do); an op holding mutable state or a graph keeps identity
 * equality, so only the same op object applied to the same arguments gives the same node.
 */
public interface Op {
  /** {@return the op's name as printed ({@code "add"}, {@code "matmul"}, ...)} */
  String name();

  /** {@return attributes printed after the arguments, e.g. {@code "axes=[0], keepDims=false"}; empty if none} */
  default String attributes() {
    return "";
  }

  /** {@return the number of arguments} */
  int arity();

  /**
   * {@return the output shape for argument shapes}
   *
   * @param args one shape per argument, {@link #arity()} of them
   * @throws IllegalArgumentException naming the op and the shapes if they do not fit
   */
  Shape inferShape(List<Shape> args);

  /**
   * {@return the output dtype for argument dtypes: by default their common dtype, which must be a float}
   *
   * @param args one dtype per argument, {@link #arity()} of them
   * @throws IllegalArgumentException naming the op and both dtypes if the arguments' dtypes differ, or
   *     the argument if one is int32 (indices are no numbers; ops that take them say so by overriding)
   */
  default DType inferDType(List<DType> args) {
    for (int i = 0; i < args.size(); i++) {
      if (!args.get(i).isFloat()) {
        throw new IllegalArgumentException(name() + ": argument " + i + " is " + args.get(i)
            + " (indices, not numbers); convert it with Fx.cast");
      }
    }
    for (int i = 1; i < args.size(); i++) {
      if (args.get(i) != args.get(0)) {
        throw new IllegalArgumentException(name() + ": dtypes " + args.get(0) + " and " + args.get(i)
            + " differ (arguments 0 and " + i + "); convert one with Fx.cast");
      }
    }
    return args.isEmpty() ? DType.FLOAT64 : args.get(0);
  }

  /**
   * {@return the value kernel; arguments have the shapes {@link #inferShape} accepted}
   *
   * @param args one value per argument, of the shapes {@link #inferShape} accepted
   */
  Tensor apply(List<Tensor> args);

  /**
   * {@return the tangent contribution of argument {@code i}: {@code (∂y/∂x_i) · xDot}, or null if zero}
   *
   * @param i the argument whose tangent is {@code xDot}
   * @param x the primal arguments
   * @param y the primal output
   * @param xDot the tangent of {@code x_i}, shape of {@code x_i}
   */
  @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot);

  /**
   * {@return the cotangent of argument {@code i}: {@code yBar · (∂y/∂x_i)}, or null if zero}
   *
   * @param i the argument to differentiate
   * @param x the primal arguments
   * @param y the primal output
   * @param yBar the cotangent of {@code y}, shape of {@code y}
   */
  @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar);

  /**
   * {@return this op over a batch, {@code vmap}'s batching rule: an expression of shape
   * {@code [b.size(), ...y]} whose slice {@code k} is this op of the arguments' slices {@code k} (an
   * unbatched argument is the same for every example)} The default applies the op to each example and
   * stacks the results ({@link Batch#perExample}); ops override it with a rule on the whole batch.
   *
   * @param x the arguments: batched ones ({@code b.batched(i)}) have the leading batch axis
   * @param b the batch size and which arguments carry it
   */
  default Expr batch(List<Expr> x, Batch b) {
    return b.perExample(this, x);
  }

  /**
   * {@return the structural zeros of argument {@code i}'s cotangent contribution: 1 where it is zero
   * because a mask cut the flow (this op's own mask, such as the branch {@code where} did not take or
   * relu at {@code x <= 0}, or the output's structural zeros passed through), 0 elsewhere, shape of
   * {@code x_i}; null if there are none or the op cannot tell}
   *
   * <p>Structural zeros are strong: the reverse sweep keeps them exactly zero whatever the local
   * derivatives further back are (an infinite {@code log'(0)} in a branch not taken gives no NaN).
   * Any other zero is an ordinary number, and {@code 0 · ∞} is NaN. The default knows of none.
   *
   * @param i the argument's position, in {@code [0, arity)}
   * @param x the primal arguments
   * @param y the primal output
   * @param zerosOfY the structural zeros of {@code y}'s cotangent (1 where zero), or null if none
   */
  default @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    return null;
  }

  /**
   * {@return whether {@link #vjp} maps a zero cotangent element to exactly zero, whatever the primal
   * values (true for linear rules with finite coefficients and for strong-zero masks); when false the
   * reverse sweep forces the structural zeros of the contribution to zero itself}
   *
   * @param i the argument's position, in {@code [0, arity)}
   */
  default boolean keepsZeros(int i) {
    return false;
  }

  /**
   * {@return the flat index of the first element of argument 0 that lies on a kink of this op (a point
   * where it is not differentiable and its rules follow a convention: relu at 0, a tied maximum, a
   * comparison at equality), or -1 if none; gradient checks report such a point instead of comparing
   * with finite differences across it}
   *
   * @param x the arguments as expressions (a tie between one node and itself is no kink)
   * @param values their values, in order
   */
  default int kinkAt(List<Expr> x, List<Tensor> values) {
    return -1;
  }

  /**
   * {@return how formulas write this op and printers show it; by default a call
   * {@code name(args, attributes)} that formulas cannot write}
   */
  default Syntax syntax() {
    return Syntax.function();
  }

  /**
   * {@return the attributes as a formula writes them after the arguments: by default {@link #attributes}}
   *
   * @param node an application of this op
   */
  default String formulaAttributes(Apply node) {
    return attributes();
  }

  /**
   * {@return a bound on every element of {@code node}'s value, given bounds on its arguments'
   * elements; by default unknown ({@code [-∞, ∞]})}
   *
   * @param node an application of this op
   * @param x the arguments' bounds, in order
   */
  default Interval bound(Apply node, List<Interval> x) {
    return Interval.UNKNOWN;
  }

  /**
   * {@return why arguments within {@code x} are not safely inside this op's domain (at least
   * {@link Interval#MARGIN} from a pole, a kink or a domain edge), e.g. {@code "needs an argument
   * >= 0.05"}; null if they are (the default)}
   *
   * @param node an application of this op
   * @param x the arguments' bounds, in order
   */
  default @Nullable String unsafe(Apply node, List<Interval> x) {
    return null;
  }

  /** {@return how random-expression generators draw this op; empty (the default): never} */
  default List<Sample> samples() {
    return List.of();
  }

  /**
   * {@return whether the arguments' order does not matter ({@code a + b = b + a}); graph drawings
   * then leave edges unnumbered}
   */
  default boolean commutative() {
    return false;
  }
}
