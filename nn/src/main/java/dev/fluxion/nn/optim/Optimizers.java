package dev.fluxion.nn.optim;

import static dev.fluxion.nn.optim.Transformations.addDecayedWeights;
import static dev.fluxion.nn.optim.Transformations.chain;
import static dev.fluxion.nn.optim.Transformations.scaleByAdagrad;
import static dev.fluxion.nn.optim.Transformations.scaleByAdam;
import static dev.fluxion.nn.optim.Transformations.scaleByCenteredRms;
import static dev.fluxion.nn.optim.Transformations.scaleByLearningRate;
import static dev.fluxion.nn.optim.Transformations.scaleByRms;
import static dev.fluxion.nn.optim.Transformations.trace;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.nn.optim.OptimizerState.ChainState;

/**
 * Complete optimizers as chains of {@link Transformations} (Optax's {@code alias.py}), and
 * {@link #applyUpdates}. A training step reads:
 *
 * <pre>{@code
 * var opt = Optimizers.adam(1e-3);
 * ChainState state = opt.init(params);
 * var step = opt.update(grads, state, params);
 * params = Optimizers.applyUpdates(params, step.updates());
 * state = step.state();
 * }</pre>
 *
 * <p>Each optimizer is a {@link Transformations#chain} of building blocks written once in {@code Expr}
 * arithmetic, so the same optimizer steps eagerly (constant leaves) and traces into a compiled
 * training step (variable leaves). Each optimizer taking a {@code double} learning rate has a
 * {@link Schedule} twin; a schedule's values are checked at every step. Learning rates must be
 * finite and {@code >= 0}.
 */
public final class Optimizers {
  private Optimizers() {}

  /**
   * {@return plain SGD: {@code p = p - lr g}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code learningRate} is out of its domain
   */
  public static GradientTransformation<ChainState> sgd(double learningRate) {
    return sgd(learningRate, 0, false);
  }

  /**
   * {@return SGD with momentum as in PyTorch (dampening 0): {@code b = mu b + g},
   * {@code p = p - lr b}, or with Nesterov {@code p = p - lr (g + mu b)}; equals
   * {@code chain(trace(mu, nesterov), scaleByLearningRate(lr))}, and no trace when {@code mu = 0}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @param momentum {@code mu}, in {@code [0, 1)}
   * @param nesterov whether to use Nesterov momentum (requires {@code mu > 0})
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> sgd(double learningRate, double momentum, boolean nesterov) {
    return sgd(constant(learningRate), momentum, nesterov);
  }

  /**
   * {@return {@link #sgd(double, double, boolean)} with a learning-rate schedule}
   *
   * @param learningRate the schedule {@code lr(step)}, values finite and {@code >= 0}
   * @param momentum {@code mu}, in {@code [0, 1)}
   * @param nesterov whether to use Nesterov momentum (requires {@code mu > 0})
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> sgd(Schedule learningRate, double momentum, boolean nesterov) {
    Args.decay(momentum, "momentum");
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("nesterov requires momentum > 0");
    }
    if (momentum == 0) {
      return chain(scaleByLearningRate(learningRate));
    }
    return chain(trace(momentum, nesterov), scaleByLearningRate(learningRate));
  }

  /**
   * {@return Adam with the usual defaults {@code b1 = 0.9, b2 = 0.999, eps = 1e-8}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code learningRate} is out of its domain
   */
  public static GradientTransformation<ChainState> adam(double learningRate) {
    return adam(learningRate, 0.9, 0.999, 1e-8);
  }

  /**
   * {@return Adam (Kingma and Ba): {@code p = p - lr mHat / (sqrt(vHat) + eps)}; equals
   * {@code chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(lr))}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @param b1 the first-moment decay, in {@code [0, 1)}
   * @param b2 the second-moment decay, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> adam(double learningRate, double b1, double b2, double eps) {
    return adam(constant(learningRate), b1, b2, eps);
  }

  /**
   * {@return {@link #adam(double, double, double, double)} with a learning-rate schedule}
   *
   * @param learningRate the schedule {@code lr(step)}, values finite and {@code >= 0}
   * @param b1 the first-moment decay, in {@code [0, 1)}
   * @param b2 the second-moment decay, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> adam(Schedule learningRate, double b1, double b2, double eps) {
    return chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(learningRate));
  }

  /**
   * {@return AdamW with {@code b1 = 0.9, b2 = 0.999, eps = 1e-8}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @param weightDecay {@code wd}, finite and {@code >= 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> adamw(double learningRate, double weightDecay) {
    return adamw(learningRate, 0.9, 0.999, 1e-8, weightDecay);
  }

  /**
   * {@return AdamW (Loshchilov and Hutter, decoupled weight decay):
   * {@code p = p - lr (mHat / (sqrt(vHat) + eps) + wd p)}; equals
   * {@code chain(scaleByAdam(b1, b2, eps), addDecayedWeights(wd), scaleByLearningRate(lr))}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @param b1 the first-moment decay, in {@code [0, 1)}
   * @param b2 the second-moment decay, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @param weightDecay {@code wd}, finite and {@code >= 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> adamw(double learningRate, double b1, double b2, double eps,
      double weightDecay) {
    return adamw(constant(learningRate), b1, b2, eps, weightDecay);
  }

  /**
   * {@return {@link #adamw(double, double, double, double, double)} with a learning-rate schedule}
   *
   * @param learningRate the schedule {@code lr(step)}, values finite and {@code >= 0}
   * @param b1 the first-moment decay, in {@code [0, 1)}
   * @param b2 the second-moment decay, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @param weightDecay {@code wd}, finite and {@code >= 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> adamw(Schedule learningRate, double b1, double b2, double eps,
      double weightDecay) {
    return chain(scaleByAdam(b1, b2, eps), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate));
  }

  /**
   * {@return RMSProp with PyTorch's defaults: {@code decay = 0.99, eps = 1e-8}, no momentum, not centered}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code learningRate} is out of its domain
   */
  public static GradientTransformation<ChainState> rmsprop(double learningRate) {
    return rmsprop(learningRate, 0.99, 1e-8, 0, false);
  }

  /**
   * {@return RMSProp as in PyTorch: {@code v = a v + (1-a) g^2}, {@code d = g / (sqrt(v) + eps)} (centered:
   * {@code sqrt(v - m^2)} with {@code m = a m + (1-a) g}), then {@code b = mu b + d},
   * {@code p = p - lr b} (or {@code p = p - lr d} when {@code mu = 0}); equals
   * {@code chain(scaleByRms or scaleByCenteredRms, trace(mu, false) if mu > 0, scaleByLearningRate(lr))}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @param decay the smoothing constant {@code a}, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @param momentum {@code mu}, in {@code [0, 1)}
   * @param centered whether to normalize by the estimated variance instead of the raw second moment
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> rmsprop(double learningRate, double decay, double eps,
      double momentum, boolean centered) {
    return rmsprop(constant(learningRate), decay, eps, momentum, centered);
  }

  /**
   * {@return {@link #rmsprop(double, double, double, double, boolean)} with a learning-rate schedule}
   *
   * @param learningRate the schedule {@code lr(step)}, values finite and {@code >= 0}
   * @param decay the smoothing constant {@code a}, in {@code [0, 1)}
   * @param eps the denominator offset, finite and {@code > 0}
   * @param momentum {@code mu}, in {@code [0, 1)}
   * @param centered whether to normalize by the estimated variance instead of the raw second moment
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> rmsprop(Schedule learningRate, double decay, double eps,
      double momentum, boolean centered) {
    GradientTransformation<?> direction = centered ? scaleByCenteredRms(decay, eps) : scaleByRms(decay, eps);
    return Args.decay(momentum, "momentum") == 0
        ? chain(direction, scaleByLearningRate(learningRate))
        : chain(direction, trace(momentum, false), scaleByLearningRate(learningRate));
  }

  /**
   * {@return Adagrad with PyTorch's {@code eps = 1e-10}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code learningRate} is out of its domain
   */
  public static GradientTransformation<ChainState> adagrad(double learningRate) {
    return adagrad(learningRate, 1e-10);
  }

  /**
   * {@return Adagrad as in PyTorch: {@code s = s + g^2}, {@code p = p - lr g / (sqrt(s) + eps)}, {@code s}
   * starting at zero; equals {@code chain(scaleByAdagrad(0, eps), scaleByLearningRate(lr))}}
   *
   * @param learningRate {@code lr}, finite and {@code >= 0}
   * @param eps the denominator offset, finite and {@code > 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> adagrad(double learningRate, double eps) {
    return adagrad(constant(learningRate), eps);
  }

  /**
   * {@return {@link #adagrad(double, double)} with a learning-rate schedule}
   *
   * @param learningRate the schedule {@code lr(step)}, values finite and {@code >= 0}
   * @param eps the denominator offset, finite and {@code > 0}
   * @throws IllegalArgumentException naming the parameter out of its domain
   */
  public static GradientTransformation<ChainState> adagrad(Schedule learningRate, double eps) {
    return chain(scaleByAdagrad(0, eps), scaleByLearningRate(learningRate));
  }

  /**
   * {@return {@code p + u} leaf-wise: the parameters after one step, a tree of the same type as {@code params}}
   * Constant leaves give constants; traced leaves give the expressions of the new parameters.
   *
   * @param params the parameter tree
   * @param updates a tree of the same structure and leaf shapes
   * @param <P> the parameter tree type
   * @throws IllegalArgumentException naming the first path where the trees differ, or if either is null
   */
  public static <P> P applyUpdates(P params, P updates) {
    return Leafwise.zip("params", params, "updates", updates, Expr::plus);
  }

  private static Schedule constant(double learningRate) {
    return Schedule.constant(Args.nonNegative(learningRate, "learningRate"));
  }
}
