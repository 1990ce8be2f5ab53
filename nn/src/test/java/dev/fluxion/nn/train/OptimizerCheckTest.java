package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.Optimizers;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerCheckTest {
  private final List<Expr> params = List.of(Fx.constant(Tensor.zeros(2)), Fx.constant(Tensor.zeros(3)));

  @Test
  void shouldNameThePathWhereAStateOfTheSameOptimizerDoesNotFitTheParameters() {
    var adam = Optimizers.adam(0.01);
    var other = adam.init(List.of(Fx.constant(Tensor.zeros(2)), Fx.constant(Tensor.zeros(4))));
    var e = assertThrows(IllegalArgumentException.class, () -> OptimizerCheck.check(adam, params, other, "resume"));
    assertTrue(e.getMessage().startsWith("resume: the optimizer state (") && e.getMessage().contains("mu.1': shape [3] vs [4]"),
        e.getMessage());
    var shorter = adam.init(List.of(Fx.constant(Tensor.zeros(2))));
    var s = assertThrows(IllegalArgumentException.class, () -> OptimizerCheck.check(adam, params, shorter, "resume"));
    assertTrue(s.getMessage().contains("a list of 2 vs a list of 1"), s.getMessage());
  }

  @Test
  void shouldAcceptTheStateTheOptimizerKeepsForTheParameters() {
    var adam = Optimizers.adam(0.01);
    assertDoesNotThrow(() -> OptimizerCheck.check(adam, params, adam.init(params), "resume"));
  }
}
