package dev.fluxion.nn.train;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledModelTest {
  private final Sequential model = Sequential.of(Dense.of(4), BatchNorm.of(), Activation.tanh(), Dense.of(2));
  private final Loss mse = (out, target) -> mean(square(out.minus(target)));
  private final List<Object> params = model.init(Key.of(3), Shape.of(3));
  private final List<Object> state = model.initState(Shape.of(3));
  private final Tensor x = Tensor.normal(Key.of(4), Shape.of(5, 3), 0, 1);
  private final Tensor y = Tensor.normal(Key.of(5), Shape.of(5, 2), 0, 1);

  @Test
  void shouldMatchTheEagerGradientAndState() {
    var compiled = new CompiledModel<>(model, mse, null, params, state, Shape.of(3), Shape.of(2));
    var r = compiled.step(params, state, x, y, 0);

    List<Object> traced = Trees.trace(params, "p.");
    var out = model.apply(traced, state, constant(x), Mode.train(0));
    Expr loss = mse.apply(out.y(), constant(y));
    Bindings at = Bindings.of();
    for (var e : Trees.tensors(params).entrySet()) {
      at = at.with("p." + e.getKey(), e.getValue());
    }
    var eager = AD.valueAndGrad(loss, at);
    assertEquals(eager.value().item(), r.loss(), 1e-12);
    Trees.tensors(r.grads()).forEach((path, g) ->
        assertTrue(eager.gradient("p." + path).allClose(g, 1e-10, 1e-12), path));
    var nextState = model.apply(params, state, constant(x), Mode.train(0)).state();
    assertEquals(Trees.tensors(nextState), Trees.tensors(r.state()));
  }

  @Test
  void shouldCompileOncePerBatchSizeAndPredictInEvalMode() {
    var compiled = new CompiledModel<>(model, mse, null, params, state, Shape.of(3), Shape.of(2));
    int nodes = compiled.trainPlanSize(5);
    assertEquals(nodes, compiled.trainPlanSize(5));
    Tensor p = compiled.predict(params, state, x);
    assertEquals(Shape.of(5, 2), p.shape());
    assertEquals(AD.eval(model.apply(params, state, constant(x), Mode.eval()).y(), Bindings.of()), p);
  }

  @Test
  void shouldRejectBatchesOfTheWrongShape() {
    var compiled = new CompiledModel<>(model, mse, null, params, state, Shape.of(3), Shape.of(2));
    var e = assertThrows(IllegalArgumentException.class, () -> compiled.step(params, state, Tensor.zeros(5, 4), y, 0));
    assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[3]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> compiled.step(params, state, x, Tensor.zeros(4, 2), 0));
  }

  @Test
  void shouldRejectParametersOfAnotherStructureNamingBoth() {
    var compiled = new CompiledModel<>(model, mse, null, params, state, Shape.of(3), Shape.of(2));
    List<Object> shorter = params.subList(0, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> compiled.predict(shorter, state, x));
    assertTrue(e.getMessage().contains("the params have structure [Params(w=*, b=*), Params(gamma=*, beta=*), NoParams()]")
        && e.getMessage().contains("compiled for [Params(w=*, b=*), Params(gamma=*, beta=*), NoParams(), Params(w=*, b=*)]"),
        e.getMessage());
  }

  @Test
  void shouldBindLeavesByPositionWhateverTheirPaths() {
    var compiled = new CompiledModel<>(model, mse, null, params, state, Shape.of(3), Shape.of(2));
    var scaled = Trees.mapTensors(params, t -> t.times(0.5));
    var r = compiled.evaluate(scaled, state, x, y);
    Tensor eager = AD.eval(model.apply(scaled, state, constant(x), Mode.eval()).y(), Bindings.of());
    assertEquals(eager, r.outputs());
    assertEquals(AD.eval(mse.apply(constant(eager), constant(y)), Bindings.of()).item(), r.loss());
  }
}
