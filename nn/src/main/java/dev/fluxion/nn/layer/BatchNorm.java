package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;

/**
 * Batch normalization (Ioffe and Szegedy) per channel: for {@code [C]} examples over the batch,
 * for {@code [C, H, W]} over batch and space. Training normalizes with the batch statistics and
 * returns updated running statistics ({@code r ← (1 − m) r + m b}, the variance unbiased, as
 * in PyTorch); evaluation uses the running statistics. The state is threaded explicitly.
 *
 * @param momentum {@code m} in {@code (0, 1]}
 * @param eps added to the variance, {@code > 0}
 */
public record BatchNorm(double momentum, double eps) implements Layer<BatchNorm.Params, BatchNorm.State> {
  /**
   * The learned scale and shift.
   *
   * @param gamma the scale {@code [C]}, initially ones
   * @param beta the shift {@code [C]}, initially zeros
   */
  public record Params(Expr gamma, Expr beta) {}

  /**
   * The running statistics.
   *
   * @param mean the running mean {@code [C]}, initially zeros
   * @param var the running variance {@code [C]}, initially ones
   */
  public record State(Expr mean, Expr var) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if momentum or eps is out of range
   */
  public BatchNorm {
    if (!(momentum > 0 && momentum <= 1) || !(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException("BatchNorm: need momentum in (0, 1] and eps > 0, got " + momentum + ", " + eps);
    }
  }

  /** {@return PyTorch's defaults: momentum 0.1, eps 1e-5} */
  public static BatchNorm of() {
    return new BatchNorm(0.1, 1e-5);
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    int c = channels(inputShape);
    return new Params(constant(Tensor.ones(c)), constant(Tensor.zeros(c)));
  }

  @Override
  public State initState(Shape inputShape) {
    int c = channels(inputShape);
    return new State(constant(Tensor.zeros(c)), constant(Tensor.ones(c)));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    channels(inputShape);
    return inputShape;
  }

  @Override
  public Output<State> apply(Params p, State s, Expr x, Mode mode) {
    Checks.notNull(x, "x");
    int c = channels(Shape.of(java.util.Arrays.copyOfRange(x.shape().toArray(), 1, x.shape().rank())));
    int[] axes = x.shape().rank() == 2 ? new int[] {0} : new int[] {0, 2, 3};
    Shape stat = x.shape().rank() == 2 ? Shape.of(c) : Shape.of(c, 1, 1);
    Expr mean;
    Expr var;
    State next = s;
    if (mode.training()) {
      Expr mu = mean(x, axes, true);
      Expr centered = x.minus(mu);
      var = mean(square(centered), axes, false);
      mean = reshape(mu, c);
      int n = x.shape().size() / c;
      Expr unbiased = var.times(n / Math.max(1.0, n - 1.0));
      next = new State(s.mean().times(1 - momentum).plus(mean.times(momentum)),
          s.var().times(1 - momentum).plus(unbiased.times(momentum)));
    } else {
      mean = s.mean();
      var = s.var();
    }
    Expr normalized = x.minus(reshape(mean, stat)).div(reshape(sqrt(var.plus(eps)), stat));
    Expr y = normalized.times(reshape(p.gamma(), stat)).plus(reshape(p.beta(), stat));
    return new Output<>(y, next);
  }

  @Override
  public String describe() {
    return "BatchNorm(momentum " + momentum + ")";
  }

  private static int channels(Shape s) {
    if (s.rank() != 1 && s.rank() != 3) {
      throw new IllegalArgumentException("BatchNorm: input must be [C] or [C, H, W] per example, got shape " + s);
    }
    return s.dim(0);
  }
}
