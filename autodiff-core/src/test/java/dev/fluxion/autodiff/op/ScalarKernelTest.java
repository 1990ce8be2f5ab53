package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every elementwise op's scalar kernel is exactly the number its tensor kernel computes per element,
 * on special values (NaN, infinities, zeros of both signs, subnormals, overflow points) and ordinary
 * ones: what lets compiled plans fuse chains of them without changing a bit.
 */
class ScalarKernelTest {
  static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
      Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, 0.5, -0.5, 1, -1, 2, -3, 0.7, 709.8, -745.2, 1e300, -1e300,
      Double.MAX_VALUE};

  static final List<UnaryOperator<Expr>> UNARY = List.of(x -> neg(x), x -> exp(x), x -> log(x), x -> sqrt(x),
      x -> abs(x), x -> sin(x), x -> cos(x), x -> tan(x), x -> tanh(x), x -> sigmoid(x), x -> relu(x),
      x -> leakyRelu(x, 0.2), x -> softplus(x), x -> step(x), x -> sign(x));

  static final List<BinaryOperator<Expr>> BINARY = List.of((a, b) -> add(a, b), (a, b) -> sub(a, b),
      (a, b) -> mul(a, b), (a, b) -> div(a, b), (a, b) -> pow(a, b), (a, b) -> maskedMul(a, b),
      (a, b) -> maximum(a, b), (a, b) -> minimum(a, b), (a, b) -> gt(a, b), (a, b) -> ge(a, b),
      (a, b) -> lt(a, b), (a, b) -> le(a, b), (a, b) -> eq(a, b));

  private static final int N = SPECIAL.length;
  private final Expr x = variable("x", N * N);
  private final Expr y = variable("y", N * N);

  /** Every pair of special values: {@code a} varies slowly, {@code b} fast. */
  private static Tensor pairs(boolean first) {
    double[] d = new double[N * N];
    for (int i = 0; i < d.length; i++) {
      d[i] = SPECIAL[first ? i / N : i % N];
    }
    return Tensor.of(d, N * N);
  }

  private static void assertBits(double want, double got, String what) {
    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), what + ": " + want + " vs " + got);
  }

  @Nested
  class Unary {
    @Test
    void shouldMatchTheTensorKernelElementByElement() {
      Tensor a = pairs(false);
      for (UnaryOperator<Expr> f : UNARY) {
        Apply node = (Apply) f.apply(x);
        double[] kernel = node.op().apply(List.of(a)).toArray();
        double[] in = a.toArray();
        for (int i = 0; i < N; i++) {
          double s = node.op() instanceof Neg n ? n.scalar(in[i]) : ((dev.fluxion.autodiff.op.Unary) node.op()).scalar(in[i]);
          assertBits(kernel[i], s, node.op().name() + "(" + in[i] + ")");
        }
      }
    }
  }

  @Nested
  class Binary {
    @Test
    void shouldMatchTheTensorKernelOnEveryPairOfSpecialValues() {
      Tensor a = pairs(true);
      Tensor b = pairs(false);
      double[] u = a.toArray();
      double[] v = b.toArray();
      for (BinaryOperator<Expr> f : BINARY) {
        Apply node = (Apply) f.apply(x, y);
        dev.fluxion.autodiff.op.Binary op = (dev.fluxion.autodiff.op.Binary) node.op();
        double[] kernel = op.apply(List.of(a, b)).toArray();
        for (int i = 0; i < kernel.length; i++) {
          assertBits(kernel[i], op.scalar(u[i], v[i]), op.name() + "(" + u[i] + ", " + v[i] + ")");
        }
      }
    }
  }

  @Nested
  class Select {
    @Test
    void shouldMatchTheTensorKernelForEveryCondition() {
      Tensor a = pairs(true);
      Tensor b = pairs(false);
      double[] u = a.toArray();
      double[] v = b.toArray();
      double[] cond = new double[N * N];
      for (int i = 0; i < cond.length; i++) {
        cond[i] = SPECIAL[(i * 7) % N];
      }
      Tensor c = Tensor.of(cond, N * N);
      double[] kernel = Where.OP.apply(List.of(c, a, b)).toArray();
      for (int i = 0; i < kernel.length; i++) {
        assertBits(kernel[i], Where.OP.scalar(cond[i], u[i], v[i]), "where(" + cond[i] + ")");
      }
    }
  }
}
