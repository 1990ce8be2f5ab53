package dev.fluxion.autodiff.compile;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanTest {
  private final Expr x = variable("x", 8, 5);
  private final Expr w = variable("w", 5, 3);
  private final Expr b = variable("b", 3);
  private final Expr labels = variable("y", 8, 3);
  /** Softmax cross-entropy of a one-layer net. */
  private final Expr loss = mean(sum(labels.times(logSoftmax(tanh(matmul(x, w).plus(b)), 1)), new int[] {1}, false))
      .unaryMinus();

  private Bindings batch(long seed) {
    Key[] k = Key.of(seed).split(4);
    int[] cls = {0, 1, 2, 0, 1, 2, 1, 0};
    return Bindings.of("x", Tensor.normal(k[0], Shape.of(8, 5), 0, 1))
        .with("w", Tensor.normal(k[1], Shape.of(5, 3), 0, 0.5))
        .with("b", Tensor.normal(k[2], Shape.of(3), 0, 0.1))
        .with("y", Tensor.oneHot(cls, 3));
  }

  @Test
  void shouldEqualEagerValueAndGradientOnEveryBatch() {
    Plan plan = Plan.valueAndGrad(loss, List.of("w", "b"));
    for (long seed = 0; seed < 5; seed++) {
      Bindings at = batch(seed);
      Map<String, Tensor> out = plan.run(at);
      var eager = AD.valueAndGrad(loss, at);
      assertEquals(eager.value(), out.get("loss"));
      assertTrue(eager.gradient("w").allClose(out.get("w"), 1e-12, 1e-14));
      assertTrue(eager.gradient("b").allClose(out.get("b"), 1e-12, 1e-14));
    }
    assertEquals(List.of("loss", "w", "b"), plan.outputs());
  }

  @Test
  void shouldBindPositionalParametersInOrder() {
    Var vx = (Var) x;
    Var vw = (Var) w;
    Var vb = (Var) b;
    Var vy = (Var) labels;
    Var unused = new Var("unused", Shape.of(2));
    Plan plan = Plan.of(List.of(loss, AD.gradExpr(loss, "w")), List.of(vw, vb, vx, vy, unused));
    assertEquals(List.of(vw, vb, vx, vy, unused), plan.parameters());
    Bindings at = batch(7);
    List<Tensor> out = plan.run(List.of(at.get("w"), at.get("b"), at.get("x"), at.get("y"), Tensor.zeros(Shape.of(2))));
    Map<String, Tensor> named = Plan.valueAndGrad(loss, List.of("w")).run(at);
    assertEquals(named.get("loss"), out.get(0));
    assertEquals(named.get("w"), out.get(1));
    assertEquals(List.of("0", "1"), plan.outputs());
  }

  @Test
  void shouldRejectBadPositionalParametersAndArguments() {
    Var vx = (Var) x;
    Var vw = (Var) w;
    var missing = assertThrows(IllegalArgumentException.class, () -> Plan.of(List.of(matmul(x, w)), List.of(vx)));
    assertTrue(missing.getMessage().contains("variable w"), missing.getMessage());
    var repeated = assertThrows(IllegalArgumentException.class,
        () -> Plan.of(List.of(matmul(x, w)), List.of(vx, vw, new Var("x", Shape.of(1)))));
    assertTrue(repeated.getMessage().contains("repeats the name x"), repeated.getMessage());
    var shape = assertThrows(IllegalArgumentException.class,
        () -> Plan.of(List.of(matmul(x, w)), List.of(new Var("x", Shape.of(8, 4)), vw)));
    assertTrue(shape.getMessage().contains("declares [8, 4]"), shape.getMessage());
    Plan plan = Plan.of(List.of(matmul(x, w)), List.of(vx, vw));
    var count = assertThrows(IllegalArgumentException.class, () -> plan.run(List.of(Tensor.zeros(Shape.of(8, 5)))));
    assertTrue(count.getMessage().contains("1 arguments for 2 parameters"), count.getMessage());
    var bound = assertThrows(IllegalArgumentException.class,
        () -> plan.run(List.of(Tensor.zeros(Shape.of(8, 5)), Tensor.zeros(Shape.of(5, 2)))));
    assertTrue(bound.getMessage().contains("variable w has shape [5, 3]"), bound.getMessage());
  }

  @Test
  void shouldFuseBiasBroadcastsAndReluAdjointsBitForBit() {
    Expr img = variable("img", 3, 2, 6, 6);
    Expr k = variable("k", 4, 2, 3, 3);
    Expr kb = variable("kb", 4);
    Expr conv = relu(conv2d(img, k, 1, 1).plus(reshape(kb, 4, 1, 1)));
    Expr net = relu(matmul(reshape(maxPool2d(conv, 2, 2), 3, 36), variable("v", 36, 3)).plus(b));
    Expr l = sum(net.times(net));
    Key[] keys = Key.of(3).split(5);
    Bindings at = Bindings.of("img", Tensor.normal(keys[0], Shape.of(3, 2, 6, 6), 0, 1))
        .with("k", Tensor.normal(keys[1], Shape.of(4, 2, 3, 3), 0, 0.5))
        .with("kb", Tensor.normal(keys[2], Shape.of(4), 0, 0.5))
        .with("v", Tensor.normal(keys[3], Shape.of(36, 3), 0, 0.5))
        .with("b", Tensor.normal(keys[4], Shape.of(3), 0, 0.5));
    List<String> wrt = List.of("k", "kb", "v", "b");
    Plan plan = Plan.valueAndGrad(l, wrt);
    java.util.Set<Class<?>> kinds = new java.util.HashSet<>();
    plan.stepList().forEach(s -> kinds.add(s.getClass()));
    assertTrue(kinds.containsAll(List.of(Step.ConvBias.class, Step.PoolMaskStep.class, Step.MaskStep.class,
        Step.AddBroadcast.class, Step.MatmulNT.class, Step.MatmulTN.class)), kinds.toString());
    long applications = dev.fluxion.autodiff.expr.Exprs.topologicalOrder(l, AD.gradExpr(l, "k"), AD.gradExpr(l, "kb"),
        AD.gradExpr(l, "v"), AD.gradExpr(l, "b")).stream().filter(dev.fluxion.autodiff.expr.Apply.class::isInstance)
        .count();
    assertTrue(plan.steps() + 6 <= applications, plan.steps() + " steps for " + applications + " operations");
    Map<String, Tensor> out = plan.run(at);
    var eager = AD.valueAndGrad(l, at);
    assertEquals(eager.value(), out.get("loss"));
    for (String name : wrt) {
      assertEquals(eager.gradient(name), out.get(name), name);
    }
  }

  @Test
  void shouldRejectMissingAndMisshapedBindings() {
    Plan plan = Plan.of(loss);
    Bindings at = batch(1);
    var missing = assertThrows(IllegalArgumentException.class,
        () -> plan.run(Bindings.of("x", at.get("x")).with("w", at.get("w")).with("b", at.get("b"))));
    assertTrue(missing.getMessage().contains("no binding for variable y"), missing.getMessage());
    var shape = assertThrows(IllegalArgumentException.class, () -> plan.run(at.with("b", Tensor.zeros(4))));
    assertTrue(shape.getMessage().contains("variable b has shape [3]"), shape.getMessage());
  }

  @Test
  void shouldReportBindingErrorsInTheInterpretersWords() {
    Plan plan = Plan.of(loss);
    Bindings at = batch(1);
    Bindings noY = Bindings.of("x", at.get("x")).with("w", at.get("w")).with("b", at.get("b"));
    Bindings badB = at.with("b", Tensor.zeros(4));
    for (Bindings bad : List.of(noY, badB)) {
      var interpreted = assertThrows(IllegalArgumentException.class, () -> AD.eval(loss, bad));
      var compiled = assertThrows(IllegalArgumentException.class, () -> plan.run(bad));
      assertEquals(interpreted.getMessage(), compiled.getMessage());
    }
  }

  @Test
  void shouldCompileValueAndGradAsThePlanOfTheLossAndItsGradientExpressions() {
    List<String> wrt = List.of("w", "b", "x");
    Map<String, Expr> outputs = new java.util.LinkedHashMap<>();
    outputs.put("loss", loss);
    outputs.putAll(AD.gradExpr(loss, wrt));
    Plan reference = Plan.of(outputs);
    Plan plan = Plan.valueAndGrad(loss, wrt);
    assertEquals(reference.size(), plan.size());
    assertEquals(reference.steps(), plan.steps());
    assertEquals(reference.stepList().stream().map(s -> s.getClass().getSimpleName() + java.util.Arrays.toString(s.writes()))
        .toList(), plan.stepList().stream().map(s -> s.getClass().getSimpleName() + java.util.Arrays.toString(s.writes()))
        .toList());
    for (long seed = 0; seed < 3; seed++) {
      assertEquals(reference.run(batch(seed)), plan.run(batch(seed)));
    }
  }

  @Test
  void shouldRejectARepeatedOrUnknownGradientVariable() {
    var repeated = assertThrows(IllegalArgumentException.class, () -> Plan.valueAndGrad(loss, List.of("w", "w")));
    assertTrue(repeated.getMessage().contains("appears twice"), repeated.getMessage());
    var unknown = assertThrows(IllegalArgumentException.class, () -> Plan.valueAndGrad(loss, List.of("q")));
    assertTrue(unknown.getMessage().contains("unknown variable q"), unknown.getMessage());
  }

  @Test
  void shouldRejectGradientOfNonScalar() {
    assertThrows(IllegalArgumentException.class, () -> Plan.valueAndGrad(matmul(x, w), List.of("w")));
  }

  @Test
  void shouldFoldTransposesIntoProductsWithIdenticalNumbers() {
    Expr a = variable("a", 6, 7);
    Expr c = variable("c", 9, 7);
    Expr d = variable("d", 6, 9);
    Expr nt = matmul(a, transpose(c));
    Expr tn = matmul(transpose(a), d);
    Map<String, Expr> outputs = new java.util.LinkedHashMap<>();
    outputs.put("nt", nt);
    outputs.put("tn", tn);
    outputs.put("t", transpose(c));
    Key[] k = Key.of(11).split(3);
    Bindings at = Bindings.of("a", Tensor.normal(k[0], Shape.of(6, 7), 0, 1))
        .with("c", Tensor.normal(k[1], Shape.of(9, 7), 0, 1))
        .with("d", Tensor.normal(k[2], Shape.of(6, 9), 0, 1));
    Plan plan = Plan.of(outputs);
    assertEquals(3, plan.steps(), "the transpose of c runs once, for output t; the transpose of a never");
    assertEquals(2, Plan.of(Map.of("nt", nt, "tn", tn)).steps(), "no transpose runs");
    Map<String, Tensor> out = plan.run(at);
    assertEquals(at.get("a").matmul(at.get("c").transpose()), out.get("nt"));
    assertEquals(at.get("a").transpose().matmul(at.get("d")), out.get("tn"));
    assertEquals(at.get("c").transpose(), out.get("t"));
    assertEquals(out.get("nt"), at.get("a").matmulTransposed(at.get("c")));
    assertEquals(out.get("tn"), at.get("a").transposedMatmul(at.get("d")));
  }

  @Test
  void shouldRejectTransposedProductsOfNonMatrices() {
    Tensor m = Tensor.zeros(2, 3);
    assertThrows(IllegalArgumentException.class, () -> m.matmulTransposed(Tensor.zeros(3)));
    assertThrows(IllegalArgumentException.class, () -> m.matmulTransposed(Tensor.zeros(2, 2)));
    assertThrows(IllegalArgumentException.class, () -> m.transposedMatmul(Tensor.zeros(3, 3)));
  }

  @Test
  void shouldMeasureThePeakOfLiveBytesStepByStep() {
    Var x = new Var("x", Shape.of(100, 100));
    Plan plan = Plan.of(List.of(sum(matmul(x, x))), List.of(x));
    Tensor xv = Tensor.normal(Key.of(1), Shape.of(100, 100), 0, 1);
    assertEquals(2 * 80_000L, plan.peakLiveBytes(List.of(xv)), "x and x @ x while the product is written");
    Plan reshaped = Plan.of(List.of(sum(reshape(matmul(x, x), 10_000))), List.of(x));
    assertEquals(2 * 80_000L, reshaped.peakLiveBytes(List.of(xv)), "a reshape shares its argument's array");
    assertEquals(plan.run(List.of(xv)), plan.run(List.of(xv)), "metering changes nothing");
  }
}
