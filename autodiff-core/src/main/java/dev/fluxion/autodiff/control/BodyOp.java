package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Op;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An op that holds a graph of its own on placeholder variables (a loop's step, a conditional's
 * branches, a custom function's body): gradient checks of float32 code rebuild it in float64.
 */
public interface BodyOp extends Op {
  /**
   * {@return this op over the float64 twin of its graph: float placeholders become float64 and
   * {@code widen} maps its outputs (a float64 rebuild that keeps variable names)}
   *
   * @param widen maps a list of the graph's outputs to their float64 twins, in order
   */
  Op widened(UnaryOperator<List<Expr>> widen);
}
