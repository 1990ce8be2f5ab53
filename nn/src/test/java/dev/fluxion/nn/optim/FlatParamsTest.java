package dev.fluxion.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.optim.Fixtures.Params;
import dev.fluxion.nn.tree.Trees;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FlatParamsTest {
  @Nested
  class Layout {
    @Test
    void shouldConcatenateTheLeavesInDepthFirstOrder() {
      FlatParams<Params> layout = FlatParams.of(Fixtures.THETA0);
      assertEquals(3, layout.size());
      assertEquals(List.of("w", "b"), layout.paths());
      assertArrayEquals(new double[] {1, -2, 0.5}, layout.toArray(Fixtures.THETA0));
    }

    @Test
    void shouldRoundTripThroughAFlatArray() {
      FlatParams<Params> layout = FlatParams.of(Fixtures.THETA0);
      Params p = layout.fromArray(new double[] {4, 5, 6});
      assertEquals(Trees.tensors(Fixtures.params(4, 5, 6)), Trees.tensors(p));
    }

    @Test
    void shouldCopyRatherThanAliasTheArray() {
      FlatParams<Params> layout = FlatParams.of(Fixtures.THETA0);
      double[] x = {4, 5, 6};
      Params p = layout.fromArray(x);
      x[0] = 99;
      assertEquals(4, Trees.value(p.w()).get(0));
      double[] out = layout.toArray(p);
      out[1] = 99;
      assertEquals(5, Trees.value(p.w()).get(1));
    }

    @Test
    void shouldDescribeAFlatPositionByPathAndIndex() {
      FlatParams<Params> layout = FlatParams.of(Fixtures.THETA0);
      assertEquals("w[1]", layout.describe(1));
      assertEquals("b", layout.describe(2));
      assertThrows(IllegalArgumentException.class, () -> layout.describe(3));
    }
  }

  @Nested
  class NamedTensors {
    @Test
    void shouldKeepTheOrderOfASequencedMap() {
      Map<String, Tensor> start = new LinkedHashMap<>();
      start.put("b", Tensor.scalar(1));
      start.put("a", Tensor.scalar(2));
      assertEquals(List.of("b", "a"), List.copyOf(Objective.tree(start).keySet()));
    }

    @Test
    void shouldSortTheNamesOfAMapWithoutOrder() {
      Map<String, Tensor> start = Map.of("b", Tensor.scalar(1), "c", Tensor.scalar(3), "a", Tensor.scalar(2));
      assertEquals(List.of("a", "b", "c"), List.copyOf(Objective.tree(start).keySet()));
      assertEquals(List.of("a", "b", "c"), FlatParams.of(Objective.tree(start)).paths());
    }
  }

  @Nested
  class BadInput {
    @Test
    void shouldRejectATreeOfAnotherShape() {
      FlatParams<Params> layout = FlatParams.of(Fixtures.THETA0);
      Params wrong = new Params(Fx.constant(Tensor.vector(1, 2, 3)), Fx.scalar(0));
      var e = assertThrows(IllegalArgumentException.class, () -> layout.toArray(wrong));
      assertTrue(e.getMessage().contains("w") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void shouldRejectAnArrayOfAnotherLength() {
      FlatParams<Params> layout = FlatParams.of(Fixtures.THETA0);
      var e = assertThrows(IllegalArgumentException.class, () -> layout.fromArray(new double[2]));
      assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void shouldRejectATreeWithoutLeaves() {
      var e = assertThrows(IllegalArgumentException.class, () -> FlatParams.of(List.of()));
      assertTrue(e.getMessage().contains("no leaves"), e.getMessage());
    }
  }
}
