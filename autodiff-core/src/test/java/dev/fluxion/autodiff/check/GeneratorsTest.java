package dev.fluxion.autodiff.check;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
  private static final ExprGenConfig CONFIG = ExprGenConfig.of(Map.of("x", Shape.of(2, 3), "y", Shape.of(3),
      "s", Shape.scalar()));

  private static <T> List<T> sample(Gen<T> gen, long seed, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> gen.generate(Property.random(seed, i))).toList();
  }

  private static List<Expr> exprs(long seed, int n) {
    return sample(Gens.exprs(CONFIG), seed, n);
  }

  @Nested
  class Determinism {
    @Test
    void shouldNotDependOnTheOrderOfTheVariableMap() {
      var forward = new java.util.LinkedHashMap<String, Shape>();
      forward.put("a", Shape.of(2));
      forward.put("b", Shape.of(2));
      var backward = new java.util.LinkedHashMap<String, Shape>();
      backward.put("b", Shape.of(2));
      backward.put("a", Shape.of(2));
      var one = sample(Gens.exprs(ExprGenConfig.of(forward)), 5, 10).stream().map(Exprs::print).toList();
      var two = sample(Gens.exprs(ExprGenConfig.of(backward)), 5, 10).stream().map(Exprs::print).toList();
      assertEquals(one, two);
    }

    @Test
    void shouldGiveTheSameValuesForTheSameSeed() {
      assertEquals(sample(Gens.shapes(3, 4), 1, 20), sample(Gens.shapes(3, 4), 1, 20));
      assertEquals(sample(Gens.doubles(Domain.real()), 2, 20), sample(Gens.doubles(Domain.real()), 2, 20));
      assertEquals(sample(Gens.tensors(Shape.of(2, 3), Domain.positive()), 3, 5),
          sample(Gens.tensors(Shape.of(2, 3), Domain.positive()), 3, 5));
    }

    @Test
    void shouldGiveTheSameExpressionsForTheSameSeed() {
      List<Expr> a = exprs(4, 30);
      List<Expr> b = exprs(4, 30);
      for (int i = 0; i < a.size(); i++) {
        assertTrue(Exprs.structurallyEqual(a.get(i), b.get(i)), Exprs.print(a.get(i)));
        assertEquals(Exprs.print(a.get(i)), Exprs.print(b.get(i)));
      }
    }

    @Test
    void shouldGiveOtherValuesForOtherSeeds() {
      assertNotEquals(sample(Gens.doubles(Domain.real()), 1, 10), sample(Gens.doubles(Domain.real()), 2, 10));
      List<String> a = exprs(1, 10).stream().map(Exprs::print).toList();
      assertNotEquals(a, exprs(2, 10).stream().map(Exprs::print).toList());
    }
  }

  @Nested
  class Values {
    @Test
    void shouldStayInsideTheDomain() {
      Domain away = Domain.awayFromZero();
      for (double v : sample(Gens.doubles(away), 5, 500)) {
        assertTrue(away.contains(v) && Math.abs(v) >= 0.1, "" + v);
      }
      for (Tensor t : sample(Gens.tensors(Shape.of(3, 3), Domain.positive()), 6, 20)) {
        for (double v : t.toArray()) {
          assertTrue(v >= 0.2 && v <= 3, "" + v);
        }
      }
    }

    @Test
    void shouldGenerateShapesWithinTheBounds() {
      for (Shape s : sample(Gens.shapes(1, 3, 4), 7, 100)) {
        assertTrue(s.rank() >= 1 && s.rank() <= 3, s.toString());
        for (int d : s.toArray()) {
          assertTrue(d >= 1 && d <= 4, s.toString());
        }
      }
    }

    @Test
    void shouldKeepDistinctTensorsApart() {
      for (Tensor t : sample(Gens.distinctTensors(Shape.of(3, 3), Domain.real(), 0.05), 8, 20)) {
        assertTrue(Gens.separated(t.toArray(), 0.05), t.toString());
      }
    }
  }

  @Nested
  class Shrinking {
    @Test
    void shouldShrinkDoublesToSimplerValuesInTheDomain() {
      Domain d = Domain.awayFromZero();
      assertEquals(1.0, Gens.doubles(d).shrink(1.2345).findFirst().orElseThrow());
      Gens.doubles(d).shrink(-1.2345).forEach(c -> assertTrue(d.contains(c) && Domain.simpler(c, -1.2345), "" + c));
      assertEquals(0, Gens.doubles(d).shrink(1.0).count(), "1 is the simplest value outside (-0.1, 0.1)");
    }

    @Test
    void shouldReachTheSimplestValueByRepeatedShrinking() {
      double v = 2.718281828;
      for (int i = 0; i < 100; i++) {
        var next = Gens.doubles(Domain.positive()).shrink(v).findFirst();
        if (next.isEmpty()) {
          break;
        }
        v = next.get();
      }
      assertEquals(1.0, v);
    }

    @Test
    void shouldShrinkShapesToSmallerShapes() {
      Shape s = Shape.of(3, 2, 4);
      Gens.shapes(3, 4).shrink(s).forEach(c -> assertTrue(c.rank() < 3 || c.size() < s.size(), c.toString()));
      assertEquals(Shape.of(2, 4), Gens.shapes(3, 4).shrink(s).findFirst().orElseThrow());
    }

    @Test
    void shouldShrinkTensorsTowardsTheSimplestFill() {
      Tensor t = Tensor.vector(0.731, -1.52);
      List<Tensor> c = Gens.tensors(t.shape(), Domain.real()).shrink(t).toList();
      assertEquals(Tensor.vector(0, 0), c.get(0));
      assertTrue(c.stream().allMatch(x -> x.shape().equals(t.shape())));
    }

    @Test
    void shouldShrinkIntegersTowardsTheLowerBound() {
      PropertyFailure f = assertThrows(PropertyFailure.class,
          () -> Property.forAllTrue(Gens.ints(0, 1000), 9, 100, i -> i < 50));
      assertEquals(50, f.shrunk());
      assertTrue(f.getMessage().contains("seed=9L, try " + f.tryNumber() + " of 100"), f.getMessage());
      assertTrue(f.getMessage().contains("original: " + f.original()), f.getMessage());
      assertTrue(f.getMessage().contains("shrunk:   50"), f.getMessage());
    }

    @Test
    void shouldShrinkExpressionsToSmallerSafeWellFormedOnes() {
      Gen<Expr> gen = Gens.exprs(CONFIG);
      Intervals intervals = new Intervals(CONFIG.domains());
      for (Expr e : exprs(10, 15)) {
        int n = Exprs.nodeCount(e);
        gen.shrink(e).limit(40).forEach(c -> {
          assertTrue(Exprs.nodeCount(c) < n, Exprs.print(c));
          assertFalse(c instanceof Const, Exprs.print(c));
          assertNull(intervals.violation(c), Exprs.print(c));
          Tensor v = AD.eval(c, Gens.bindings(c, CONFIG.domain()).generate(new SplittableRandom(1)));
          assertEquals(c.shape(), v.shape(), Exprs.print(c));
          assertTrue(v.allFinite(), Exprs.print(c));
        });
      }
    }
  }

  @Nested
  class Expressions {
    @Test
    void shouldBeWellFormedSafeAndFinite() {
      Intervals intervals = new Intervals(CONFIG.domains());
      for (Expr e : exprs(11, 100)) {
        assertNull(intervals.violation(e), Exprs.print(e));
        Bindings at = Gens.bindings(e, CONFIG.domain()).generate(new SplittableRandom(2));
        Tensor v = AD.eval(e, at);
        assertEquals(e.shape(), v.shape(), Exprs.print(e));
        assertTrue(v.allFinite(), Exprs.print(e));
        double[] b = intervals.bound(e);
        for (double x : v.toArray()) {
          assertTrue(x >= b[0] - 1e-9 && x <= b[1] + 1e-9, x + " outside " + b[0] + ".." + b[1]);
        }
      }
    }

    @Test
    void shouldContainSharedSubexpressions() {
      long shared = exprs(12, 100).stream().filter(GeneratorsTest::hasSharedNode).count();
      assertTrue(shared >= 10, "only " + shared + " of 100 expressions share a subexpression");
    }

    @Test
    void shouldRespectDepthAndOpSet() {
      ExprGenConfig onlySin = CONFIG.withOps(List.of(OpBuilder.unary("sin", dev.fluxion.autodiff.expr.Fx::sin)))
          .withDepth(3);
      for (Expr e : sample(Gens.exprs(onlySin), 13, 30)) {
        assertTrue(Exprs.nodeCount(e) <= 4, Exprs.print(e));
        assertTrue(Exprs.topologicalOrder(e).stream().allMatch(n -> !(n instanceof Apply a)
            || a.op().name().equals("sin")), Exprs.print(e));
      }
    }
  }

  private static boolean hasSharedNode(Expr e) {
    Map<Expr, Integer> parents = new IdentityHashMap<>();
    for (Expr n : Exprs.topologicalOrder(e)) {
      if (n instanceof Apply a) {
        a.args().stream().distinct().forEach(arg -> parents.merge(arg, 1, Integer::sum));
      }
    }
    return parents.values().stream().anyMatch(c -> c >= 2);
  }
}
