package dev.fluxion.nn.optim;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.optim.OptimizerState.AdagradState;
import dev.fluxion.nn.optim.OptimizerState.AdamState;
import dev.fluxion.nn.optim.OptimizerState.CenteredRmsState;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.OptimizerState.CountState;
import dev.fluxion.nn.optim.OptimizerState.EmptyState;
import dev.fluxion.nn.optim.OptimizerState.RmsState;
import dev.fluxion.nn.optim.OptimizerState.TraceState;
import dev.fluxion.nn.tree.Trees;
import java.util.Arrays;

/**
 * The building blocks of optimizers (Optax's {@code transform.py}): gradient transformations
 * that {@link #chain} into complete optimizers (see {@link Optimizers}).
 *
 * <p>In the equations {@code g} is an incoming gradient (or the previous link's update) leaf,
 * {@code p} the parameter leaf, {@code u} the outgoing update, {@code t} the 1-based step, and
 * all arithmetic is elementwise. Every {@code update} throws {@link IllegalArgumentException}
 * naming the first path where the gradient tree differs from the state's or parameters' trees.
 *
 * <p>Each formula is written once, in {@link Expr} arithmetic over the trees' leaves, so it runs
 * both ways (Optax under {@code jax.jit}): on constant leaves every operation folds at once (an
 * eager step); on traced leaves (variables) {@code update} returns the graph of the step, step
 * counters and schedules included, which a compiled training step evaluates as one plan.
 */
public final class Transformations {
  private Transformations() {}

  /** {@return {@code u = g}: the gradients unchanged} */
  public static GradientTransformation<EmptyState> identity() {
    return new StatelessTransformation((grads, params) -> grads);
  }

  /**
   * {@return {@code u = c * g}}
   *
   * @param factor the multiplier {@code c}, finite
   * @throws IllegalArgumentException if {@code factor} is not finite
   */
  public static GradientTransformation<EmptyState> scale(double factor) {
    Args.finite(factor, "factor");
    return new StatelessTransformation((grads, params) -> Trees.map(grads, g -> g.times(factor)));
  }

  /**
   * {@return {@code u = -lr * g}: a descent step of constant size}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code learningRate} is negative or not finite
   */
  public static GradientTransformation<CountState> scaleByLearningRate(double learningRate) {
    return scaleByLearningRate(Schedule.constant(Args.nonNegative(learningRate, "learningRate")));
  }

  /**
   * {@return {@code u = -lr(t - 1) * g}, counting the steps in the state (the schedule sees 0 first)}
   *
   * @param learningRate the schedule; its values must be finite and {@code >= 0}, else
   *     {@code update} throws {@link IllegalArgumentException} naming the step
   * @throws IllegalArgumentException if {@code learningRate} is null
   */
  public static GradientTransformation<CountState> scaleByLearningRate(Schedule learningRate) {
    return new ScaleByLearningRate(Checks.notNull(learningRate, "learningRate"));
  }

  /**
   * {@return Adam's bias-corrected direction (Kingma and Ba, Algorithm 1): {@code m = b1 m + (1-b1) g},
   * {@code v = b2 v + (1-b2) g^2}, {@code u = (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}}
   *
   * @param b1 the first-moment decay, in {@code [0, 1)}
   * @param b2 the second-moment decay, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<AdamState> scaleByAdam(double b1, double b2, double eps) {
    return new ScaleByAdam(Args.decay(b1, "b1"), Args.decay(b2, "b2"), Args.positive(eps, "eps"));
  }

  /**
   * {@return RMSProp's direction (as in PyTorch): {@code v = a v + (1-a) g^2}, {@code u = g / (sqrt(v) + eps)},
   * with {@code v} starting at zero}
   *
   * @param decay the smoothing constant {@code a}, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<RmsState> scaleByRms(double decay, double eps) {
    return new ScaleByRms(Args.decay(decay, "decay"), Args.positive(eps, "eps"));
  }

  /**
   * {@return centered RMSProp's direction (PyTorch's {@code centered=True}): {@code v = a v + (1-a) g^2},
   * {@code m = a m + (1-a) g}, {@code u = g / (sqrt(max(v - m^2, 0)) + eps)}; the clamp at 0 only
   * guards against rounding, since {@code v >= m^2} in exact arithmetic}
   *
   * @param decay the smoothing constant {@code a}, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<CenteredRmsState> scaleByCenteredRms(double decay, double eps) {
    return new ScaleByCenteredRms(Args.decay(decay, "decay"), Args.positive(eps, "eps"));
  }

  /**
   * {@return Adagrad's direction (as in PyTorch): {@code s = s + g^2}, {@code u = g / (sqrt(s) + eps)}}
   *
   * @param initialAccumulator the starting value of every {@code s}, finite and {@code >= 0}
   * @param eps the denominator offset, finite and {@code > 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<AdagradState> scaleByAdagrad(double initialAccumulator, double eps) {
    return new ScaleByAdagrad(Args.nonNegative(initialAccumulator, "initialAccumulator"), Args.positive(eps, "eps"));
  }

  /**
   * {@return momentum (PyTorch's SGD with dampening 0): {@code b = mu b + g}, then {@code u = b}, or
   * {@code u = g + mu b} with Nesterov; {@code b} starts at zero}
   *
   * @param decay the momentum {@code mu}, in {@code [0, 1)}
   * @param nesterov whether to use Nesterov's look-ahead
   * @throws IllegalArgumentException if {@code decay} is outside {@code [0, 1)}
   */
  public static GradientTransformation<TraceState> trace(double decay, boolean nesterov) {
    return new Momentum(Args.decay(decay, "decay"), nesterov);
  }

  /**
   * {@return {@code u = g + wd * p} (Optax's {@code add_decayed_weights})} Placed after the adaptive
   * scaling and before the learning rate it is decoupled weight decay (Loshchilov and Hutter; AdamW);
   * placed first in a chain it adds the gradient of the L2 penalty {@code wd/2 |p|^2}, which the
   * adaptive scaling then sees (coupled weight decay, PyTorch's {@code weight_decay} of Adam).
   *
   * @param weightDecay {@code wd}, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code weightDecay} is negative or not finite
   */
  public static GradientTransformation<EmptyState> addDecayedWeights(double weightDecay) {
    Args.nonNegative(weightDecay, "weightDecay");
    return new StatelessTransformation((grads, params) -> Leafwise.zip("grads", grads, "params", params,
        (g, p) -> g.plus(p.times(weightDecay))));
  }

  /**
   * {@return {@code u = min(max(g, -limit), limit)}}
   *
   * @param limit the bound, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code limit} is negative or not finite
   */
  public static GradientTransformation<EmptyState> clipByValue(double limit) {
    Args.nonNegative(limit, "limit");
    return new StatelessTransformation((grads, params) -> Trees.map(grads,
        g -> Fx.maximum(Fx.minimum(g, Fx.scalar(limit)), Fx.scalar(-limit))));
  }

  /**
   * {@return {@code u = g * (maxNorm / |G|)} if the global norm {@code |G| = sqrt(sum over all leaves of g^2)}
   * exceeds {@code maxNorm}, else {@code u = g}}
   *
   * @param maxNorm the largest allowed global norm, finite and {@code > 0}
   * @throws IllegalArgumentException if {@code maxNorm} is not finite and positive
   */
  public static GradientTransformation<EmptyState> clipByGlobalNorm(double maxNorm) {
    Args.positive(maxNorm, "maxNorm");
    return new StatelessTransformation((grads, params) -> {
      Expr sumOfSquares = Fx.scalar(0);
      for (Expr g : Trees.leaves(grads)) {
        sumOfSquares = sumOfSquares.plus(Fx.sum(g.times(g)));
      }
      Expr norm = Fx.sqrt(sumOfSquares);
      Expr factor = Fx.where(Fx.gt(norm, Fx.scalar(maxNorm)), Fx.scalar(maxNorm).div(norm), Fx.scalar(1));
      return Trees.map(grads, g -> g.times(factor));
    });
  }

  /**
   * {@return the composition {@code ... o t2 o t1}: each link transforms the previous link's updates; the
   * state is a {@link ChainState} of the links' states in order} {@code chain()} is the identity.
   *
   * @param links the transformations in the order they apply, none null
   * @throws IllegalArgumentException if {@code links} or one of them is null
   */
  public static GradientTransformation<ChainState> chain(GradientTransformation<?>... links) {
    Checks.notNull(links, "links");
    for (int i = 0; i < links.length; i++) {
      Checks.notNull(links[i], "links[" + i + "]");
    }
    return new Chain(Arrays.asList(links));
  }
}
