package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LogSumExpTest {
  private final Expr x = variable("x", 2, 3);
  private final Bindings at =
      Bindings.of("x", Tensor.matrix(new double[] {0.1, -0.4, 0.9}, new double[] {1.2, 0.3, -0.8}));

  @Test
  void shouldKeepTheReducedAxisAsSizeOneWithKeepDims() {
    Expr y = logSumExp(x, 0, true);
    assertEquals(Shape.of(1, 3), y.shape());
    assertEquals(y.shape(), AD.eval(y, at).shape());
  }

  @Test
  void shouldDropTheReducedAxisWithoutKeepDims() {
    Expr y = logSumExp(x, 1, false);
    assertEquals(Shape.of(2), y.shape());
    assertEquals(y.shape(), AD.eval(y, at).shape());
  }

  @Test
  void shouldDifferentiateWithKeepDims() {
    Tensor g = AD.grad(logSumExp(x, 0, true).sum(), at, "x");
    Tensor softmax = at.get("x").softmax(0);
    assertTrue(g.allClose(softmax, 1e-12, 1e-12), g + " vs " + softmax);
  }
}
