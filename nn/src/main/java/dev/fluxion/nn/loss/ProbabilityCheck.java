package dev.fluxion.nn.loss;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Batch;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;

/**
 * The identity on targets whose kernel checks, each time it runs, that every entry is a
 * probability in {@code [0, 1]}: targets bound per batch to a compiled plan are checked on every
 * batch. Its derivative is the identity's.
 */
final class ProbabilityCheck implements Op {
  private final String who;
  private final String name;

  /**
   * The check, with messages naming the loss {@code who} and its argument {@code name}.
   *
   * @param who the loss's name, for messages
   * @param name the checked argument, e.g. {@code "targets"}
   */
  ProbabilityCheck(String who, String name) {
    this.who = who;
    this.name = name;
  }

  @Override
  public String name() {
    return "checkProbabilities";
  }

  @Override
  public int arity() {
    return 1;
  }

  /** Elementwise: the same check on the batch. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return b.applyBatched(this, x);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    return args.get(0);
  }

  /**
   * {@return the argument unchanged}
   *
   * @throws IllegalArgumentException naming the loss, the entry and its index if an entry is not
   *     in {@code [0, 1]} (NaN included)
   */
  @Override
  public Tensor apply(List<Tensor> args) {
    Labels.requireProbabilities(who, name, args.get(0));
    return args.get(0);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return xDot;
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    return yBar;
  }
}
