package dev.fluxion.autodiff.expr;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TopologyTest {
  /** A random DAG over {@code x, y}: each node applies an op to earlier nodes, so nodes are shared. */
  private static List<Expr> randomDag(long seed, int size) {
    Random r = new Random(seed);
    List<Expr> pool = new ArrayList<>(List.of(Fx.variable("x"), Fx.variable("y"), Fx.scalar(2)));
    for (int k = 0; k < size; k++) {
      Expr a = pool.get(r.nextInt(pool.size()));
      Expr b = pool.get(r.nextInt(pool.size()));
      pool.add(switch (r.nextInt(4)) {
        case 0 -> Fx.mul(a, b);
        case 1 -> Fx.sin(a);
        case 2 -> Fx.sub(a, b);
        default -> Fx.add(Fx.exp(a), b);
      });
    }
    return pool;
  }

  /** The reference: a recursive post-order walk, arguments left to right, each node once. */
  private static void postOrder(Expr e, Map<Expr, Boolean> seen, List<Expr> out) {
    if (seen.put(e, Boolean.TRUE) != null) {
      return;
    }
    if (e instanceof Apply a) {
      for (Expr arg : a.args()) {
        postOrder(arg, seen, out);
      }
    }
    out.add(e);
  }

  @Nested
  class Order {
    @Test
    void shouldVisitNodesInTheOrderOfARecursiveDepthFirstWalk() {
      for (long seed = 0; seed < 20; seed++) {
        List<Expr> pool = randomDag(seed, 200);
        Expr[] roots = {pool.get(pool.size() - 1), pool.get(pool.size() / 2), pool.get(pool.size() - 7)};
        List<Expr> expected = new ArrayList<>();
        Map<Expr, Boolean> seen = new IdentityHashMap<>();
        for (Expr root : roots) {
          postOrder(root, seen, expected);
        }
        Topology t = Topology.of(roots);
        assertEquals(expected.size(), t.size());
        for (int i = 0; i < expected.size(); i++) {
          assertSame(expected.get(i), t.node(i), "node " + i + ", seed " + seed);
        }
      }
    }

    @Test
    void shouldNumberEachArgumentBeforeItsNode() {
      Topology t = Topology.of(randomDag(7, 300).getLast());
      for (int i = 0; i < t.size(); i++) {
        int count = t.node(i) instanceof Apply a ? a.args().size() : 0;
        assertEquals(count, t.argCount(i));
        for (int k = 0; k < count; k++) {
          assertTrue(t.arg(i, k) < i);
          assertSame(((Apply) t.node(i)).arg(k), t.node(t.arg(i, k)));
        }
        assertEquals(i, t.indexOf(t.node(i)));
      }
    }

    @Test
    void shouldWalkAChainDeeperThanTheCallStack() {
      Expr z = Fx.variable("x");
      for (int k = 0; k < 200_000; k++) {
        z = Fx.sin(z);
      }
      Topology t = Topology.of(z);
      assertEquals(200_001, t.size());
      assertSame(z, t.node(t.size() - 1));
    }

    @Test
    void shouldAgreeWithANumberingOfItsOwnOrder() {
      Topology t = Topology.of(randomDag(3, 100).getLast());
      Topology u = Topology.ofOrder(t.nodes());
      for (int i = 0; i < t.size(); i++) {
        assertEquals(t.argCount(i), u.argCount(i));
        for (int k = 0; k < t.argCount(i); k++) {
          assertEquals(t.arg(i, k), u.arg(i, k));
        }
      }
    }
  }

  @Nested
  class Extension {
    private void assertSameNumbering(Topology expected, Topology actual) {
      assertEquals(expected.size(), actual.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSame(expected.node(i), actual.node(i), "node " + i);
        assertEquals(expected.argCount(i), actual.argCount(i));
        for (int k = 0; k < expected.argCount(i); k++) {
          assertEquals(expected.arg(i, k), actual.arg(i, k), "node " + i + ", argument " + k);
        }
        assertEquals(i, actual.indexOf(actual.node(i)));
      }
    }

    @Test
    void shouldNumberAsOneWalkOverTheBaseRootsThenTheNewOnes() {
      for (long seed = 0; seed < 20; seed++) {
        List<Expr> pool = randomDag(seed, 300);
        Expr a = pool.get(pool.size() / 3);
        Expr b = pool.getLast();
        Expr c = pool.get(pool.size() / 2);
        assertSameNumbering(Topology.of(a, b, c), Topology.of(a).extend(b, c));
        assertSameNumbering(Topology.of(a, b, c), Topology.ofOrder(Topology.of(a).nodes()).extend(b, c));
      }
    }

    @Test
    void shouldLeaveTheBaseUnchanged() {
      List<Expr> pool = randomDag(5, 200);
      Topology base = Topology.of(pool.get(50));
      int size = base.size();
      Topology more = base.extend(pool.getLast());
      assertTrue(more.size() > size);
      assertEquals(size, base.size());
      assertEquals(-1, base.indexOf(pool.getLast()));
      assertEquals(more.size() - 1, more.indexOf(pool.getLast()));
    }

    @Test
    void shouldGrowFarPastTheBase() {
      Var x = Fx.variable("x");
      Expr s = Fx.sin(x);
      Expr z = s;
      for (int k = 0; k < 100_000; k++) {
        z = Fx.add(Fx.cos(z), s);
      }
      assertSameNumbering(Topology.of(s, z), Topology.of(s).extend(z));
    }

    @Test
    void shouldRejectANullRoot() {
      Topology base = Topology.of(Fx.variable("x"));
      assertThrows(IllegalArgumentException.class, () -> base.extend(Fx.variable("y"), null));
    }
  }

  @Nested
  class Rejections {
    @Test
    void shouldRejectAnOrderWithANodeBeforeItsArgument() {
      Var x = Fx.variable("x");
      Expr s = Fx.sin(x);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topology.ofOrder(List.of(s, x)));
      assertTrue(e.getMessage().contains("node 0 (sin)"), e.getMessage());
    }

    @Test
    void shouldRejectARepeatedNode() {
      Var x = Fx.variable("x");
      assertThrows(IllegalArgumentException.class, () -> Topology.ofOrder(List.of(x, x)));
    }

    @Test
    void shouldRejectANullRoot() {
      assertThrows(IllegalArgumentException.class, () -> Topology.of(Fx.variable("x"), null));
    }

    @Test
    void shouldReportAForeignNodeAsMinusOne() {
      Topology t = Topology.of(Fx.sin(Fx.variable("x")));
      assertEquals(-1, t.indexOf(Fx.variable("y")));
      assertEquals(-1, t.indexOf(new Var("x", Shape.scalar())), "an equal variable, another object");
      assertEquals(0, t.indexOf(Fx.variable("x")), "Fx.variable returns the x the graph holds");
    }

    @Test
    void shouldRejectAVariableWithTwoShapes() {
      Expr f = Fx.add(Fx.sum(Fx.variable("x", Shape.of(2))), Fx.variable("x"));
      assertThrows(IllegalArgumentException.class, () -> Topology.of(f).variables());
    }

    @Test
    void shouldRejectAnArgumentOutOfRange() {
      Topology t = Topology.of(Fx.sin(Fx.variable("x")), Fx.cos(Fx.variable("y")));
      assertThrows(IllegalArgumentException.class, () -> t.arg(1, 1));
      assertThrows(IllegalArgumentException.class, () -> t.arg(0, 0));
      assertThrows(IllegalArgumentException.class, () -> t.node(4));
      assertThrows(IllegalArgumentException.class, () -> t.argCount(-1));
    }

    @Test
    void shouldNotLetTheNodesBeModified() {
      List<Expr> nodes = Topology.of(Fx.sin(Fx.variable("x"))).nodes();
      assertThrows(UnsupportedOperationException.class, () -> nodes.set(0, Fx.scalar(1)));
    }
  }
}
