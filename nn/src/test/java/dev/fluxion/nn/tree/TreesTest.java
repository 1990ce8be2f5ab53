package dev.fluxion.nn.tree;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Tensor;
import io.vavr.collection.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TreesTest {
  record Dense(Expr w, Expr b, String activation) {}

  record Mlp(List<Dense> layers, double dropout) {}

  private final Mlp mlp = new Mlp(List.of(
      new Dense(constant(Tensor.matrix(new double[] {1, 2}, new double[] {3, 4})), constant(Tensor.vector(0.5, -0.5)), "tanh"),
      new Dense(constant(Tensor.matrix(new double[] {1}, new double[] {-1})), constant(Tensor.vector(0.0)), "none")), 0.1);

  @Nested
  class Structure {
    @Test
    void shouldListLeavesByPath() {
      assertEquals(java.util.List.of("layers.0.w", "layers.0.b", "layers.1.w", "layers.1.b"),
          Trees.flatten(mlp).paths());
      assertEquals(4 + 2 + 2 + 1, Trees.count(mlp));
    }

    @Test
    void shouldKeepStaticDataAndTypes() {
      Mlp doubled = Trees.mapTensors(mlp, t -> t.times(2));
      assertEquals(0.1, doubled.dropout());
      assertEquals("tanh", doubled.layers().get(0).activation());
      assertEquals(Tensor.vector(1.0, -1.0), Trees.value(doubled.layers().get(0).b()));
    }

    @Test
    void shouldRoundTripThroughFlatten() {
      var tensors = Trees.tensors(mlp);
      Mlp back = Trees.fromTensors(Trees.zerosLike(mlp), tensors);
      assertEquals(tensors, Trees.tensors(back));
    }

    @Test
    void shouldNamePathsInErrors() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Trees.fromTensors(mlp, Map.of("layers.0.w", Tensor.zeros(3, 3))));
      assertTrue(e.getMessage().contains("layers.0.w"), e.getMessage());
      var missing = assertThrows(IllegalArgumentException.class,
          () -> Trees.fromTensors(mlp, Map.of("layers.9.w", Tensor.zeros(1))));
      assertTrue(missing.getMessage().contains("layers.9.w"), missing.getMessage());
    }
  }

  @Test
  void shouldGiveAGradientRecordOfTheSameType() {
    Mlp traced = Trees.trace(mlp, "p.");
    Expr x = variable("x", 2);
    Expr h = tanh(matmul(x, traced.layers().get(0).w()).plus(traced.layers().get(0).b()));
    Expr loss = sum(square(matmul(h, traced.layers().get(1).w()).plus(traced.layers().get(1).b())));
    Bindings at = Bindings.of("x", Tensor.vector(0.3, -0.2));
    for (var e : Trees.tensors(mlp).entrySet()) {
      at = at.with("p." + e.getKey(), e.getValue());
    }
    var g = AD.grad(loss, at);
    Mlp grads = Trees.mapWithPath(traced, (path, leaf) -> constant(g.get(((Var) leaf).name())));
    assertEquals(Trees.structure(mlp), Trees.structure(grads));
    assertEquals(0.1, grads.dropout());
    assertTrue(Trees.value(grads.layers().get(1).b()).item() != 0);
  }

  @Test
  void shouldDifferentiateALossOfAWholeTree() {
    Tensor x = Tensor.vector(0.3, -0.2);
    var r = TreeGrad.valueAndGrad((Mlp p) -> {
      Expr h = tanh(matmul(constant(x), p.layers().get(0).w()).plus(p.layers().get(0).b()));
      return sum(square(matmul(h, p.layers().get(1).w())));
    }, mlp);
    Mlp g = r.grads();
    assertEquals(Trees.structure(mlp), Trees.structure(g));
    assertEquals(Tensor.zeros(1), Trees.value(g.layers().get(1).b()), "unused leaves get zeros");
    assertEquals(0.1, g.dropout());
    Mlp traced = Trees.trace(mlp, "p.");
    Expr h = tanh(matmul(constant(x), traced.layers().get(0).w()).plus(traced.layers().get(0).b()));
    Expr loss = sum(square(matmul(h, traced.layers().get(1).w())));
    Bindings at = Bindings.of();
    for (var e : Trees.tensors(mlp).entrySet()) {
      at = at.with("p." + e.getKey(), e.getValue());
    }
    assertEquals(AD.grad(loss, at, "p.layers.0.w"), Trees.value(g.layers().get(0).w()));
  }

  /** A parameter holder the walker cannot take apart (not a record, not a data class). */
  static final class PlainLayer {
    final Expr w;
    final String name;

    PlainLayer(Expr w, String name) {
      this.w = w;
      this.name = name;
    }
  }

  /** A plain class holding its parameters in a list, through a superclass. */
  static class Base {
    final java.util.List<Expr> weights = java.util.List.of(constant(Tensor.ones(2)));
  }

  static final class Derived extends Base {}

  record Holder(Object layer, double scale) {}

  /** A plain box around a record of parameters. */
  static final class Box {
    final Object content;

    Box(Object content) {
      this.content = content;
    }
  }

  /** A plain class with static data only: carried unchanged. */
  static final class Config {
    final int units = 3;
    final Tensor table = Tensor.ones(2);
  }

  @Nested
  class OpaqueObjects {
    @Test
    void shouldRejectAPlainClassHoldingAnExprNamingClassFieldAndFix() {
      var tree = new Holder(new PlainLayer(constant(Tensor.ones(2, 2)), "dense"), 1.0);
      for (var op : java.util.List.<Runnable>of(() -> Trees.show(tree), () -> Trees.count(tree),
          () -> TreeGrad.grad(p -> sum(constant(Tensor.ones(1))), tree))) {
        var e = assertThrows(IllegalArgumentException.class, op::run);
        assertTrue(e.getMessage().contains("PlainLayer") && e.getMessage().contains("field PlainLayer.w")
            && e.getMessage().contains("at layer") && e.getMessage().contains("a record, a Kotlin data class"),
            e.getMessage());
      }
    }

    @Test
    void shouldSeeExprsInInheritedContainerFields() {
      var e = assertThrows(IllegalArgumentException.class, () -> Trees.count(List.of(new Derived())));
      assertTrue(e.getMessage().contains("field Base.weights") && e.getMessage().contains("at 0"), e.getMessage());
    }

    @Test
    void shouldSeeExprsInsideRecordsHeldByAPlainClass() {
      Dense inner = new Dense(constant(Tensor.ones(2)), constant(Tensor.ones(1)), "tanh");
      var e = assertThrows(IllegalArgumentException.class, () -> Trees.count(List.of(new Holder(new Box(inner), 1.0))));
      assertTrue(e.getMessage().contains("field Box.content") && e.getMessage().contains("at 0.layer"), e.getMessage());
    }

    @Test
    void shouldRejectArraysOfExprs() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Trees.count(new Holder(new Expr[] {constant(Tensor.ones(1))}, 1.0)));
      assertTrue(e.getMessage().contains("index 0") && e.getMessage().contains("use a List"), e.getMessage());
    }

    @Test
    void shouldCarryObjectsWithoutExprsAsStaticData() {
      Config config = new Config();
      var tree = new Holder(config, 2.0);
      assertEquals(0, Trees.count(tree));
      assertSame(config, Trees.map(tree, leaf -> leaf).layer());
      assertEquals(4, Trees.count(List.of(new Holder(new Object(), 1.0), constant(Tensor.ones(4)))));
    }
  }

  @Test
  void shouldReturnUnmodifiableJdkCollections() {
    assertThrows(UnsupportedOperationException.class, () -> Trees.flatten(mlp).leaves().clear());
    assertThrows(UnsupportedOperationException.class, () -> Trees.flatten(mlp).byPath().clear());
    assertThrows(UnsupportedOperationException.class, () -> Trees.tensors(mlp).clear());
    assertThrows(UnsupportedOperationException.class, () -> Trees.leaves(mlp).clear());
    assertEquals(java.util.List.copyOf(Trees.flatten(mlp).byPath().values()), Trees.leaves(mlp));
  }

  @Test
  void shouldZipThreeTreesLeafByLeaf() {
    Mlp twice = Trees.mapTensors(mlp, t -> t.times(2));
    Mlp sum = Trees.zipWith(mlp, twice, twice, (a, b, c) -> a.plus(b).plus(c));
    assertEquals(Trees.tensors(Trees.mapTensors(mlp, t -> t.times(5))), Trees.tensors(Trees.map(sum, e -> constant(AD.eval(e, Bindings.of())))));
  }

  @Test
  void shouldNameTheFirstDifferingPathWhenZipping() {
    Mlp shorter = new Mlp(mlp.layers().take(1), 0.1);
    var e = assertThrows(IllegalArgumentException.class, () -> Trees.zipWith(mlp, shorter, Expr::plus));
    assertEquals("the first tree and the second differ in structure at 'layers': a List of 2 vs a List of 1",
        e.getMessage());
    Mlp renamed = Trees.mapTensors(mlp, t -> t);
    assertEquals(Trees.structure(mlp), Trees.structure(renamed));
    Mlp otherActivation = new Mlp(mlp.layers().update(1, new Dense(mlp.layers().get(1).w(), mlp.layers().get(1).b(),
        "relu")), 0.1);
    var s = assertThrows(IllegalArgumentException.class,
        () -> Trees.checkSameStructure("params", mlp, "grads", otherActivation));
    assertEquals("params and grads differ in structure at 'layers.1.activation': static none vs static relu",
        s.getMessage());
  }
}
