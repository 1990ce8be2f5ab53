package dev.fluxion.nn.tree;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeCheckTest {
  private final Tensor x = Tensor.normal(Key.of(1), Shape.of(4, 3), 0, 1);

  /** A deliberately wrong custom op: tanh whose reverse rule forgets the square ({@code 1 - y} for {@code 1 - y²}). */
  static final class SloppyTanh implements Op {
    static final SloppyTanh OP = new SloppyTanh();

    @Override
    public String name() {
      return "sloppyTanh";
    }

    @Override
    public int arity() {
      return 1;
    }

    @Override
    public Shape inferShape(List<Shape> args) {
      return args.get(0);
    }

    @Override
    public Tensor apply(List<Tensor> args) {
      return args.get(0).tanh();
    }

    @Override
    public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
      return xDot.times(scalar(1).minus(y.times(y)));
    }

    @Override
    public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
      return yBar.times(scalar(1).minus(y));
    }
  }

  /** A custom layer's parameters. */
  record Scaled(Expr w, Expr b) {}

  @Test
  void shouldCheckADenseLayerInOneLine() {
    Dense dense = Dense.of(2);
    Dense.Params params = dense.init(Key.of(2), Shape.of(3));
    TreeCheck.assertCorrect(p -> sum(square(tanh(dense.forward(p, constant(x), Mode.eval())))), params);
    Report r = TreeCheck.check(p -> sum(square(tanh(dense.forward(p, constant(x), Mode.eval())))), params);
    assertTrue(r.passed(), r::toString);
  }

  @Test
  void shouldCatchAWrongCustomOpNamingTheLeafAndTheOp() {
    Scaled params = new Scaled(constant(Tensor.vector(0.5, -0.3, 0.8)), constant(Tensor.scalar(0.1)));
    Report r = TreeCheck.check(p -> sum(apply(SloppyTanh.OP, constant(x).times(p.w()).plus(p.b()))), params);
    assertFalse(r.passed());
    assertTrue(r.failures().stream().anyMatch(f -> f.variable().equals("params.w")), r::toString);
    assertNotNull(r.culprit(), r::toString);
    assertEquals("sloppyTanh", r.culprit().op());
    var e = assertThrows(AssertionError.class,
        () -> TreeCheck.assertCorrect(p -> sum(apply(SloppyTanh.OP, constant(x).times(p.w()).plus(p.b()))), params));
    assertTrue(e.getMessage().contains("sloppyTanh"), e.getMessage());
  }

  @Test
  void shouldRejectALossOverVariablesThatAreNotLeaves() {
    Scaled params = new Scaled(constant(Tensor.vector(0.5, -0.3, 0.8)), constant(Tensor.scalar(0.1)));
    var e = assertThrows(IllegalArgumentException.class,
        () -> TreeCheck.check(p -> sum(variable("data", 3).times(p.w())), params));
    assertTrue(e.getMessage().contains("data") && e.getMessage().contains("w, b"), e.getMessage());
  }
}
