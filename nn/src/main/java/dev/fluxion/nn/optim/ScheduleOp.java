package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The op {@code count [] -> schedule.at(count) []}: a schedule as a node of the optimizer's graph, so
 * that an eager update folds it at once and a compiled training step evaluates it at every step.
 * The kernel checks the value is finite and {@code >= 0} each time it runs. A hyperparameter, not a
 * function to differentiate: the op has no derivative.
 */
final class ScheduleOp implements Op {
  private final String what;
  private final Schedule schedule;

  private ScheduleOp(String what, Schedule schedule) {
    this.what = what;
    this.schedule = schedule;
  }

  /**
   * {@return {@code schedule.at(count)} as a rank-0 expression: a constant when {@code count} is}
   *
   * @param what the hyperparameter, for messages (e.g. "learning rate")
   * @param count the 0-based step, a rank-0 expression holding a whole number
   */
  static Expr at(String what, Schedule schedule, Expr count) {
    return Fx.apply(new ScheduleOp(what, schedule), count);
  }

  @Override
  public String name() {
    return "schedule";
  }

  @Override
  public String attributes() {
    return what + "=" + schedule;
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    if (args.get(0).rank() != 0) {
      throw new IllegalArgumentException(what + ": the step counter must be a scalar, got shape " + args.get(0));
    }
    return Shape.scalar();
  }

  /**
   * {@return the schedule's value at the step}
   *
   * @throws IllegalArgumentException naming the step if the counter is not a whole number {@code >= 0}
   *     or the value is not finite and {@code >= 0}
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    double count = args.get(0).item();
    if (!(count >= 0 && count == Math.rint(count) && count < 0x1p53)) {
      throw new IllegalArgumentException(what + ": the step counter must be a whole number >= 0, got " + count);
    }
    long step = (long) count;
    double value = schedule.at(step);
    if (!(Double.isFinite(value) && value >= 0)) {
      throw new IllegalArgumentException(what + " at step " + step + " must be finite and >= 0: " + value);
    }
    return Tensor.scalar(value);
  }

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return null;
  }

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return null;
  }
}
