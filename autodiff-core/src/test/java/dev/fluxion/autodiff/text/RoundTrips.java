package dev.fluxion.autodiff.text;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** Seeded random scalar formulas built with the DSL, and the print-then-parse check. */
final class RoundTrips {
  private static final String[] NAMES = {"x", "y", "z"};
  private static final double[] CONSTANTS = {0, 1, 2, -3, 0.5, 1e-3, -0.0, 2.5e20, Math.PI, -1.25};
  private static final List<UnaryOperator<Expr>> UNARY = List.of(Fx::neg, Fx::log, Fx::log1p, Fx::exp, Fx::expm1, Fx::sqrt, Fx::abs,
      Fx::sin, Fx::cos, Fx::tan, Fx::tanh, Fx::sigmoid, Fx::relu, Fx::softplus, Fx::sum, Fx::mean, Fx::max,
      Fx::min, x -> Fx.leakyRelu(x, 0.1), x -> Fx.leakyRelu(x, -2.5));
  private static final List<BinaryOperator<Expr>> BINARY = List.of(Fx::add, Fx::sub, Fx::mul, Fx::div, Fx::pow,
      Fx::maximum, Fx::minimum);
  private static final List<Bindings> POINTS = List.of(
      Bindings.of("x", 0.7).with("y", -1.3).with("z", 2.1).with("x1", 2.0).with("x2", 5.0),
      Bindings.of("x", -4.0).with("y", 0.0).with("z", 1e-8).with("x1", 0.0).with("x2", -1.0),
      Bindings.of("x", 3.5).with("y", 2.0).with("z", -0.25).with("x1", 1e300).with("x2", 3.0));

  private RoundTrips() {}

  /** {@code count} random expressions of depth at most 6 from {@code seed}. */
  static List<Expr> randomFormulas(long seed, int count) {
    Random random = new Random(seed);
    List<Expr> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(random(random, 6));
    }
    return out;
  }

  private static Expr random(Random r, int depth) {
    int pick = depth == 0 ? r.nextInt(2) : r.nextInt(6);
    return switch (pick) {
      case 0 -> Fx.variable(NAMES[r.nextInt(NAMES.length)]);
      case 1 -> Fx.scalar(CONSTANTS[r.nextInt(CONSTANTS.length)]);
      case 2 -> UNARY.get(r.nextInt(UNARY.size())).apply(random(r, depth - 1));
      default -> BINARY.get(r.nextInt(BINARY.size())).apply(random(r, depth - 1), random(r, depth - 1));
    };
  }

  /** The bindings of {@code at} for variables of {@code e} only ({@code AD.eval} rejects others). */
  static Bindings restrict(Bindings at, Expr e) {
    Map<String, Tensor> values = new LinkedHashMap<>(at.values());
    values.keySet().retainAll(Exprs.variables(e).keySet());
    return Bindings.of(values);
  }

  /** Printing {@code e} and parsing the text gives the same structure and bit-equal values. */
  static void assertRoundTrip(Expr e) {
    String text = Exprs.print(e);
    Expr back = assertDoesNotThrow(() -> Formula.parse(text), text);
    assertTrue(Exprs.structurallyEqual(e, back), () -> text + " came back as " + Exprs.print(back));
    for (Bindings at : POINTS) {
      assertEquals(AD.eval(e, restrict(at, e)).item(), AD.eval(back, restrict(at, back)).item(), 0.0, text);
    }
  }
}
