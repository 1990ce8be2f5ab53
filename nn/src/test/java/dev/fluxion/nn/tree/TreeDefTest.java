package dev.fluxion.nn.tree;

import static dev.fluxion.autodiff.expr.Fx.constant;
import static dev.fluxion.autodiff.expr.Fx.variable;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TreeDefTest {
  record Dense(Expr w, Expr b, String activation) {}

  record Net(List<Dense> layers, Map<String, Expr> extra, io.vavr.collection.Vector<Expr> scales,
      io.vavr.collection.Map<String, Expr> named, double rate, Object tag) {}

  private static Dense dense(int in, int out, String activation) {
    return new Dense(constant(Tensor.ones(in, out)), constant(Tensor.zeros(out)), activation);
  }

  private static Net net(int layers) {
    List<Dense> ds = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      ds.add(dense(2, 2, "tanh"));
    }
    Map<String, Expr> extra = new LinkedHashMap<>();
    extra.put("z", Fx.scalar(1));
    extra.put("a", Fx.scalar(2));
    return new Net(ds, extra, io.vavr.collection.Vector.of(Fx.scalar(3), Fx.scalar(4)),
        io.vavr.collection.LinkedHashMap.of("k", Fx.scalar(5)), 0.5, "static");
  }

  @Nested
  class FlattenAndUnflatten {
    @Test
    void shouldListLeavesDepthFirstWithTheirPaths() {
      Flat<Net> flat = Trees.flatten(net(2));
      assertEquals(List.of("layers.0.w", "layers.0.b", "layers.1.w", "layers.1.b", "extra.z", "extra.a", "scales.0",
          "scales.1", "named.k"), flat.paths());
      assertEquals(9, flat.def().leafCount());
      assertEquals(List.of(Tensor.scalar(1), Tensor.scalar(2)), flat.values().subList(4, 6));
    }

    @Test
    void shouldRebuildTheSameTypesAndStaticDataFromNewLeaves() {
      Net original = net(2);
      Flat<Net> flat = Trees.flatten(original);
      List<Expr> doubled = flat.values().stream().map(t -> (Expr) constant(t.times(2))).toList();
      Net back = flat.def().unflatten(doubled);
      assertEquals(0.5, back.rate());
      assertSame(original.tag(), back.tag());
      assertEquals("tanh", back.layers().get(1).activation());
      assertInstanceOf(io.vavr.collection.Vector.class, back.scales());
      assertInstanceOf(io.vavr.collection.LinkedHashMap.class, back.named());
      assertEquals(List.of("z", "a"), List.copyOf(back.extra().keySet()));
      assertEquals(Tensor.scalar(10), Trees.value(back.named().get("k").get()));
      assertEquals(doubled, Trees.leaves(back));
      assertEquals(flat.def(), Trees.structure(back));
    }

    @Test
    void shouldCarryNullComponentsAsStaticData() {
      record Maybe(Expr w, Object bias) {}
      Flat<Maybe> flat = Trees.flatten(new Maybe(Fx.scalar(1), null));
      assertEquals(1, flat.def().leafCount());
      assertNull(flat.unflatten().bias());
    }

    @Test
    void shouldFlattenALeafAsATreeOfOne() {
      Flat<Expr> flat = Trees.flatten((Expr) Fx.scalar(2));
      assertEquals(List.of(""), flat.paths());
      assertEquals(Fx.scalar(7), flat.def().unflatten(List.of(Fx.scalar(7))));
      assertEquals(List.of(variable("x")), flat.variables("x"));
    }

    @Test
    void shouldRejectAWrongLeafCountSayingBothCounts() {
      TreeDef<Net> def = Trees.structure(net(1));
      var e = assertThrows(IllegalArgumentException.class, () -> def.unflatten(List.of(Fx.scalar(1))));
      assertTrue(e.getMessage().contains("1 leaves for a tree of 7"), e.getMessage());
    }

    @Test
    void shouldRejectANullLeafNamingItsPath() {
      TreeDef<Dense> def = Trees.structure(dense(1, 1, "tanh"));
      var e = assertThrows(IllegalArgumentException.class, () -> def.unflatten(Arrays.asList(Fx.scalar(1), null)));
      assertTrue(e.getMessage().contains("leaf 1 (at b)"), e.getMessage());
    }

    @Test
    void shouldCopyTheLeavesOfAFlat() {
      List<Expr> leaves = new ArrayList<>(List.of(Fx.scalar(1), Fx.scalar(2)));
      Flat<Dense> flat = new Flat<>(leaves, Trees.structure(dense(1, 1, "tanh")));
      leaves.set(0, Fx.scalar(9));
      assertEquals(Fx.scalar(1), flat.leaves().get(0));
      assertThrows(UnsupportedOperationException.class, () -> flat.leaves().set(0, Fx.scalar(3)));
      var e = assertThrows(IllegalArgumentException.class,
          () -> new Flat<>(List.of(Fx.scalar(1)), Trees.structure(dense(1, 1, "tanh"))));
      assertTrue(e.getMessage().contains("1 leaves for a definition of 2"), e.getMessage());
    }
  }

  @Nested
  class Equality {
    @Test
    void shouldBeEqualForTreesThatDifferOnlyInLeaves() {
      Net a = net(2);
      Net b = Trees.map(a, leaf -> Fx.zeros(Shape.of(3)));
      assertEquals(Trees.structure(a), Trees.structure(b));
      assertEquals(Trees.structure(a).hashCode(), Trees.structure(b).hashCode());
    }

    @Test
    void shouldDifferInLengthKeysStaticDataAndTypes() {
      TreeDef<Net> two = Trees.structure(net(2));
      assertNotEquals(two, Trees.structure(net(3)));
      Net renamed = net(2);
      Map<String, Expr> keys = new LinkedHashMap<>();
      keys.put("z", Fx.scalar(1));
      keys.put("b", Fx.scalar(2));
      assertNotEquals(two, Trees.structure(new Net(renamed.layers(), keys, renamed.scales(), renamed.named(), 0.5,
          "static")));
      assertNotEquals(two, Trees.structure(new Net(renamed.layers(), renamed.extra(), renamed.scales(),
          renamed.named(), 0.25, "static")));
      assertNotEquals(two, Trees.structure(new Net(renamed.layers(), renamed.extra(), renamed.scales(),
          io.vavr.collection.HashMap.of("k", Fx.scalar(5)), 0.5, "static")));
    }

    @Test
    void shouldShowTheStructureWithStarsForLeaves() {
      assertEquals("Dense(w=*, b=*, activation=relu)", Trees.structure(dense(1, 1, "relu")).toString());
      assertEquals("[*, {a=*}]", Trees.structure(List.of(Fx.scalar(1), Map.of("a", Fx.scalar(1)))).toString());
    }
  }

  @Nested
  class SameStructure {
    @Test
    void shouldNameTheFirstPathWhereTheStructuresDiffer() {
      var e = assertThrows(IllegalArgumentException.class, () -> Trees.checkSameStructure("grads", net(2), "mu", net(3)));
      assertEquals("grads and mu differ in structure at 'layers': a list of 2 vs a list of 3", e.getMessage());
      Net other = new Net(net(1).layers(), net(1).extra(), net(1).scales(), net(1).named(), 0.5, "other");
      var s = assertThrows(IllegalArgumentException.class, () -> Trees.checkSameStructure(net(1), other));
      assertEquals("the first tree and the second differ in structure at 'tag': static static vs static other",
          s.getMessage());
    }

    @Test
    void shouldNameTheFirstKeyThatDiffers() {
      record Other(Expr w, Expr c) {}
      Dense d = dense(1, 1, "tanh");
      var e = assertThrows(IllegalArgumentException.class,
          () -> Trees.checkSameStructure("grads", new Other(d.w(), d.b()), "mu", d));
      assertEquals("grads and mu differ in structure at 'c' (mu has 'b' there)", e.getMessage());
    }

    @Test
    void shouldNameTheFirstLeafWhoseShapeDiffers() {
      Dense a = dense(2, 3, "tanh");
      Dense b = new Dense(a.w(), constant(Tensor.zeros(4)), "tanh");
      var e = assertThrows(IllegalArgumentException.class, () -> Trees.zipWith(a, b, Expr::plus));
      assertEquals("the first tree and the second differ at 'b': shape [3] vs [4]", e.getMessage());
    }

    @Test
    void shouldNameALeafFacingAContainer() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> Trees.checkSameStructure(List.of(Fx.scalar(1)), List.of(List.of(Fx.scalar(1)))));
      assertTrue(e.getMessage().endsWith("at '0': a leaf vs a list of 1"), e.getMessage());
    }
  }

  @Nested
  class Views {
    @Test
    void shouldLabelVariablesByPathAndBindValuesByPosition() {
      Flat<Dense> flat = Trees.flatten(dense(2, 3, "tanh"));
      List<Var> vars = flat.variables("params");
      assertEquals(List.of(variable("params.w", 2, 3), variable("params.b", 3)), vars);
      assertEquals(List.of(variable("w", 2, 3), variable("b", 3)), flat.variables(""));
      assertEquals(Shape.of(2, 3), flat.values().get(0).shape());
      Dense traced = flat.def().unflatten(vars);
      assertSame(vars.get(1), traced.b());
    }

    @Test
    void shouldRejectValuesOfATracedTreeNamingThePath() {
      Dense traced = Trees.trace(dense(1, 1, "tanh"), "p.");
      var e = assertThrows(IllegalArgumentException.class, () -> Trees.flatten(traced).values());
      assertTrue(e.getMessage().contains("the leaf at w is not a constant"), e.getMessage());
    }

    @Test
    void shouldRejectTwoLeavesWithOnePathInPathViews() {
      Map<Object, Expr> clash = new LinkedHashMap<>();
      clash.put(1, Fx.scalar(1));
      clash.put("1", Fx.scalar(2));
      assertEquals(2, Trees.leaves(clash).size());
      var e = assertThrows(IllegalArgumentException.class, () -> Trees.tensors(clash));
      assertTrue(e.getMessage().contains("two leaves share the path 1"), e.getMessage());
    }
  }
}
