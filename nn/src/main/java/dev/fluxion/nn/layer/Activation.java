package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import static dev.fluxion.autodiff.expr.Fx.*;

import java.util.function.UnaryOperator;

/**
 * A parameter-free, shape-preserving layer from a function of the batch: activations such as
 * ReLU or tanh. Non-differentiable points follow the core conventions ({@code relu'(0) = 0}).
 *
 * @param name the printed name
 * @param f the function, applied to the whole batch
 */
public record Activation(String name, UnaryOperator<Expr> f) implements Stateless<NoParams> {
  /** Validates. */
  public Activation {
    Checks.notNull(name, "name");
    Checks.notNull(f, "f");
  }

  @Override
  public NoParams init(Key key, Shape inputShape) {
    return NoParams.INSTANCE;
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Expr forward(NoParams params, Expr x, Mode mode) {
    return f.apply(x);
  }

  @Override
  public String describe() {
    return name;
  }

  /** {@return {@code max(x, 0)}} */
  public static Activation relu() {
    return new Activation("ReLU", x -> Fx.relu(x));
  }

  /**
   * {@return {@code x > 0 ? x : alpha x}}
   *
   * @param alpha the slope for negative inputs
   */
  public static Activation leakyRelu(double alpha) {
    return new Activation("LeakyReLU(" + alpha + ")", x -> Fx.leakyRelu(x, alpha));
  }

  /**
   * {@return {@code x > 0 ? x : alpha (e^x - 1)}}
   *
   * @param alpha the slope for negative inputs
   */
  public static Activation elu(double alpha) {
    Checks.finite(alpha, "elu: alpha");
    return new Activation("ELU(" + alpha + ")",
        x -> where(gt(x, scalar(0)), x, Fx.exp(minimum(x, scalar(0))).minus(1.0).times(alpha)));
  }

  /**
   * {@return GELU, tanh approximation (Hendrycks and Gimpel; PyTorch {@code approximate="tanh"}):
   * {@code ½ x (1 + tanh(√(2/π) (x + 0.044715 x³)))}}
   */
  public static Activation gelu() {
    double c = Math.sqrt(2 / Math.PI);
    return new Activation("GELU", x -> x.times(0.5).times(Fx.tanh(x.plus(x.pow(3.0).times(0.044715)).times(c)).plus(1.0)));
  }

  /** {@return {@code 1 / (1 + e^-x)}} */
  public static Activation sigmoid() {
    return new Activation("Sigmoid", x -> Fx.sigmoid(x));
  }

  /** {@return {@code tanh x}} */
  public static Activation tanh() {
    return new Activation("Tanh", x -> Fx.tanh(x));
  }

  /** {@return softmax over the last axis} */
  public static Activation softmax() {
    return new Activation("Softmax", x -> Fx.softmax(x, -1));
  }

  /** {@return Log-softmax over the last axis} */
  public static Activation logSoftmax() {
    return new Activation("LogSoftmax", x -> Fx.logSoftmax(x, -1));
  }
}
