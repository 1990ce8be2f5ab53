package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scalar functions cross-checked at random points against Apache Commons Math's forward-mode
 * {@link DerivativeStructure} (order 2): the value, the first derivative ({@code AD.grad}) and
 * the second ({@code AD.hessian}).
 */
class CommonsMathProperties {
  private static final int TRIES = 25;
  private static final double RTOL = 1e-10;
  private static final double ATOL = 1e-12;

  /**
   * One scalar function in both libraries.
   *
   * @param domain where the points come from
   * @param fluxion the function as an expression
   * @param commons the same function on derivative structures
   */
  record Row(Domain domain, UnaryOperator<Expr> fluxion, UnaryOperator<DerivativeStructure> commons) {}

  static Stream<Named<Row>> rows() {
    Domain real = Domain.real();
    Domain positive = Domain.positive();
    Domain away = Domain.awayFromZero();
    return Stream.of(
        row("neg", real, x -> neg(x), DerivativeStructure::negate),
        row("exp", real, x -> exp(x), DerivativeStructure::exp),
        row("log", positive, x -> log(x), DerivativeStructure::log),
        row("sqrt", positive, x -> sqrt(x), DerivativeStructure::sqrt),
        row("abs", away, x -> abs(x), DerivativeStructure::abs),
        row("sin", Domain.symmetric(3), x -> sin(x), DerivativeStructure::sin),
        row("cos", Domain.symmetric(3), x -> cos(x), DerivativeStructure::cos),
        row("tan", Domain.of(-1.2, 1.2), x -> tan(x), DerivativeStructure::tan),
        row("tanh", real, x -> tanh(x), DerivativeStructure::tanh),
        row("sigmoid", Domain.symmetric(4), x -> sigmoid(x), x -> x.negate().exp().add(1).reciprocal()),
        row("softplus", Domain.symmetric(4), x -> softplus(x), x -> x.exp().log1p()),
        row("relu", away, x -> relu(x), x -> x.getValue() > 0 ? x : x.multiply(0)),
        row("leakyRelu", away, x -> leakyRelu(x, 0.2), x -> x.getValue() > 0 ? x : x.multiply(0.2)),
        row("square", real, x -> square(x), x -> x.multiply(x)),
        row("reciprocal", new Domain(-3, 3, 0.5), x -> reciprocal(x), DerivativeStructure::reciprocal),
        row("pow(x, 3)", real, x -> pow(x, 3.0), x -> x.pow(3)),
        row("pow(2, x)", real, x -> pow(scalar(2), x), x -> DerivativeStructure.pow(2, x)),
        row("x^x", positive, x -> pow(x, x), x -> x.pow(x)),
        row("sin(exp(x)) * x", real, x -> sin(exp(x)).times(x), x -> x.exp().sin().multiply(x)),
        row("log(1 + x^2)", real, x -> log(square(x).plus(1.0)), x -> x.multiply(x).add(1).log()),
        row("tanh(sin(x)) / sqrt(1 + x^2)", real, x -> tanh(sin(x)).div(sqrt(square(x).plus(1.0))),
            x -> x.sin().tanh().divide(x.multiply(x).add(1).sqrt())),
        row("exp(-x^2 / 2)", real, x -> exp(neg(square(x)).div(2.0)), x -> x.multiply(x).divide(-2).exp()),
        row("logSumExp([x, 2x])", real, x -> logSumExp(stack(0, x, x.times(2.0)), 0, false),
            x -> x.exp().add(x.multiply(2).exp()).log()),
        row("softmax([x, -x])[0]", real, x -> softmax(stack(0, x, neg(x)), 0).get(0),
            x -> x.multiply(-2).exp().add(1).reciprocal()),
        row("maximum(x, x^2 + 1)", real, x -> maximum(x, square(x).plus(1.0)), x -> x.multiply(x).add(1)));
  }

  private static Named<Row> row(String name, Domain d, UnaryOperator<Expr> f, UnaryOperator<DerivativeStructure> g) {
    return Named.of(name, new Row(d, f, g));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void shouldMatchValueAndFirstAndSecondDerivatives(Row row) {
    Expr x = variable("x");
    Expr f = row.fluxion().apply(x);
    Property.forAll(Gens.doubles(row.domain()), 0xC0FFEEL, TRIES, (Double v) -> {
      DerivativeStructure ref = row.commons().apply(new DerivativeStructure(1, 2, 0, v));
      Bindings at = Bindings.of("x", v);
      close("value", ref.getValue(), AD.eval(f, at).item());
      close("first derivative", ref.getPartialDerivative(1), AD.grad(f, at, "x").item());
      close("second derivative", ref.getPartialDerivative(2), AD.hessian(f, at, "x").item());
    });
  }

  private static void close(String what, double expected, double actual) {
    assertEquals(expected, actual, ATOL + RTOL * Math.abs(expected), what);
  }
}
