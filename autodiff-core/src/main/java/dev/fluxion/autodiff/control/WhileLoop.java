package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A loop whose trip count depends on the data, JAX's {@code lax.while_loop}: {@code while
 * cond(c, k) ≠ 0: c = body(c, k)}, over carries {@code c} and constants {@code k}; the node's value is
 * one final carry ({@link Loops#whileLoop} builds one node per carry; they share one run).
 *
 * <p>Arguments, in order: the initial carries, then the constants. The condition and the body are
 * held once, compiled into plans. A NaN condition is an error, and so is a loop still running after
 * {@link #maxIterations()} iterations: never a hang.
 *
 * <p>Forward mode is defined: the JVP is a while loop over the carries and their tangents, whose body
 * is the body and its symbolic JVP, under the same condition (the primal carries decide the trip count;
 * the condition gets no derivative). Its derivatives are while loops again, so forward over forward
 * works. <b>Reverse mode is not defined</b>, as in JAX: the trip count is known only at run time, so a
 * reverse pass would have to store an unbounded trajectory; {@link #vjp} throws, naming the
 * alternatives ({@link Scans#scan} with a fixed length, or forward mode). For the same reason the op is
 * not in {@link dev.fluxion.autodiff.op.Ops}: every row of the op table is checked in reverse mode.
 */
public final class WhileLoop implements BodyOp {
  private final LoopBody body;
  private final int output;

  WhileLoop(LoopBody body, int output) {
    if (output < 0 || output >= body.next.size()) {
      throw new IllegalArgumentException("whileLoop: output " + output + " out of range");
    }
    this.body = body;
    this.output = output;
  }

  /** {@return which final carry this node is} */
  public int output() {
    return output;
  }

  /** {@return the number of iterations after which a loop still running is an error} */
  public int maxIterations() {
    return body.maxIterations;
  }

  @Override
  public WhileLoop widened(UnaryOperator<List<Expr>> widen) {
    return new WhileLoop(body.widened(widen), output);
  }

  @Override
  public String name() {
    return "whileLoop";
  }

  @Override
  public String attributes() {
    return "output=" + output + ", maxIterations=" + body.maxIterations;
  }

  @Override
  public int arity() {
    return body.carries.size() + body.consts.size();
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    List<Var> params = body.parameters();
    for (int i = 0; i < params.size(); i++) {
      if (!args.get(i).equals(params.get(i).shape())) {
        throw new IllegalArgumentException("whileLoop: argument " + i + " has shape " + args.get(i)
            + ", the loop was built for " + params.get(i).shape());
      }
    }
    return body.next.get(output).shape();
  }

  @Override
  public DType inferDType(List<DType> args) {
    List<Var> params = body.parameters();
    for (int i = 0; i < params.size(); i++) {
      if (args.get(i) != params.get(i).dtype()) {
        throw new IllegalArgumentException("whileLoop: argument " + i + " is " + args.get(i)
            + ", the loop was built for " + params.get(i).dtype());
      }
    }
    return body.next.get(output).dtype();
  }

  /**
   * {@inheritDoc} Runs the loop (once for all its result nodes).
   *
   * @throws IllegalArgumentException if the condition is NaN, or the loop is still running after
   *     {@link #maxIterations()} iterations
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    return body.output(args.toArray(new Tensor[0]), output);
  }

  /**
   * {@inheritDoc} A while loop carrying the tangents beside the carries, under the same condition,
   * starting from argument {@code i}'s tangent (zeros for the other carries); none for int32 constants.
   */
  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    if (!x.get(i).dtype().isFloat()) {
      return null;
    }
    int k = body.carries.size();
    List<Expr> args = new ArrayList<>(x.subList(0, k));
    for (int j = 0; j < k; j++) {
      args.add(i == j ? xDot : Fx.zerosLike(x.get(j)));
    }
    args.addAll(x.subList(k, x.size()));
    if (i >= k) {
      args.add(xDot);
    }
    return Fx.apply(new WhileLoop(body.jvp(i), k + output), args.toArray(new Expr[0]));
  }

  /**
   * {@inheritDoc} Not defined: none for int32 constants, otherwise an error.
   *
   * @throws IllegalArgumentException always for a float argument: a while loop is forward-differentiable only
   */
  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    if (!x.get(i).dtype().isFloat()) {
      return null;
    }
    throw new IllegalArgumentException("whileLoop is forward-differentiable only (as JAX's while_loop): its trip"
        + " count is data-dependent, so reverse mode would have to store an unbounded trajectory; use Scans.scan"
        + " with a fixed length, or forward mode (AD.jvp, AD.jacfwd, AD.jvpExpr)");
  }
}
