package dev.fluxion.autodiff.expr;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.op.Mul;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApplyTest {
  /** An identity op that counts its shape inferences. */
  private static final class Counting implements Op {
    int inferences;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public int arity() {
      return 1;
    }

    @Override
    public Shape inferShape(List<Shape> args) {
      inferences++;
      return args.get(0);
    }

    @Override
    public Tensor apply(List<Tensor> args) {
      return args.get(0);
    }

    @Override
    public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
      return xDot;
    }

    @Override
    public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
      return yBar;
    }
  }

  @Nested
  class Building {
    @Test
    void shouldInferTheShapeOnce() {
      Counting op = new Counting();
      Apply a = Apply.of(op, List.of(Fx.variable("x", 2, 3)));
      assertEquals(Shape.of(2, 3), a.shape());
      assertEquals(1, op.inferences);
    }

    @Test
    void shouldCopyItsArguments() {
      List<Expr> args = new ArrayList<>(List.of(Fx.variable("x", 2)));
      Apply a = Apply.of(new Counting(), args);
      args.set(0, Fx.variable("y", 2));
      assertEquals("x", ((Var) a.arg(0)).name());
      assertThrows(UnsupportedOperationException.class, () -> a.args().add(Fx.variable("z")));
    }

    @Test
    void shouldRejectNullsWithAnIllegalArgument() {
      assertThrows(IllegalArgumentException.class, () -> Apply.of(null, List.of()));
      List<Expr> withNull = new ArrayList<>();
      withNull.add(null);
      assertThrows(IllegalArgumentException.class, () -> Apply.of(new Counting(), withNull));
    }
  }

  @Nested
  class Sharing {
    private final Expr x = Fx.variable("x");

    @Test
    void shouldReturnTheNodeAlreadyBuilt() {
      assertSame(Fx.tanh(x), Fx.tanh(x));
      assertEquals(3, Exprs.nodeCount(Fx.tanh(x).plus(Fx.tanh(x))));
      assertSame(Fx.sin(x).times(Fx.scalar(3.0)), Fx.sin(x).times(Fx.scalar(3.0)));
    }

    @Test
    void shouldShareOverEqualVariablesOnly() {
      assertSame(Fx.tanh(Fx.variable("x")), Fx.tanh(Fx.variable("x")));
      assertNotSame(Fx.tanh(Fx.variable("x")), Fx.tanh(Fx.variable("y")));
      assertNotSame(Fx.tanh(Fx.variable("v", 2)), Fx.tanh(Fx.variable("v", 3)));
      assertNotSame(Fx.tanh(Fx.variable("x")), Fx.tanh(new Var("x", Shape.scalar(), DType.FLOAT32)));
    }

    @Test
    void shouldHoldOneObjectPerVariableAndSmallConstant() {
      Expr f = Fx.sin(new Var("x", Shape.scalar())).times(Fx.exp(new Var("x", Shape.scalar())));
      assertEquals(4, Exprs.nodeCount(f));
      Expr g = Fx.sin(x).times(Fx.scalar(2.0)).plus(Fx.exp(x).times(Fx.scalar(2.0)));
      assertEquals(7, Exprs.nodeCount(g));
      assertSame(Fx.variable("x"), Fx.variable("x"));
    }

    @Test
    void shouldTellSmallConstantsApartByTheirBits() {
      assertSame(times(x, 2.0), times(x, 2.0));
      assertNotSame(times(x, 0.0), times(x, -0.0));
      double otherNaN = Double.longBitsToDouble(0x7ff8000000000001L);
      assertTrue(Double.isNaN(otherNaN));
      assertNotSame(times(x, Double.NaN), times(x, otherNaN));
      assertSame(times(x, otherNaN), times(x, otherNaN));
      Expr x32 = new Var("x", Shape.scalar(), DType.FLOAT32);
      assertNotSame(times(x32, 1.0f), times(x32, Math.nextUp(1.0f)));
      assertSame(times(x32, 1.5f), times(x32, 1.5f));
    }

    @Test
    void shouldShareLargeConstantsOnlyWhenIdentical() {
      Expr v = Fx.variable("v", Interner.SMALL + 1);
      Const c = new Const(Tensor.ones(Shape.of(Interner.SMALL + 1)));
      Const d = new Const(Tensor.ones(Shape.of(Interner.SMALL + 1)));
      assertEquals(c, d);
      assertSame(Apply.of(Mul.OP, List.of(v, c)), Apply.of(Mul.OP, List.of(v, c)));
      assertNotSame(Apply.of(Mul.OP, List.of(v, c)), Apply.of(Mul.OP, List.of(v, d)));
    }

    @Test
    void shouldShareOverEqualOpsAndKeepIdentityOpsApart() {
      assertSame(Fx.sum(Fx.variable("m", 2, 3), new int[] {0}, false), Fx.sum(Fx.variable("m", 2, 3), new int[] {0}, false));
      assertNotSame(Fx.sum(Fx.variable("m", 2, 3), new int[] {0}, false), Fx.sum(Fx.variable("m", 2, 3), new int[] {1}, false));
      Counting op = new Counting();
      assertSame(Apply.of(op, List.of(x)), Apply.of(op, List.of(x)));
      assertNotSame(Apply.of(op, List.of(x)), Apply.of(new Counting(), List.of(x)));
    }

    @Test
    void shouldBuildNewNodesWhenUnshared() {
      Expr shared = Fx.tanh(x);
      Expr built = Apply.unshared(() -> Fx.tanh(x).plus(Fx.tanh(x)));
      assertEquals(4, Exprs.nodeCount(built));
      assertNotSame(shared, ((Apply) built).arg(0));
      assertTrue(Exprs.structurallyEqual(shared, ((Apply) built).arg(0)));
      assertSame(shared, Fx.tanh(x));
    }

    @Test
    void shouldHashASharedDagWithoutWalkingIt() {
      Expr d = x;
      Expr e = x;
      for (int i = 0; i < 200; i++) { // 2^200 paths: any walk of the DAG would never end
        d = d.plus(d);
        e = e.plus(e);
      }
      assertSame(d, e);
      assertEquals(201, Exprs.nodeCount(d));
    }

    @Test
    void shouldSpreadTheKeysOfALongChain() {
      Expr a = Fx.variable("a");
      Expr z = x;
      Set<Integer> hashes = new HashSet<>();
      for (int i = 0; i < 10_000; i++) { // hashes built from the children's hashes collapse to one here
        z = z.plus(Fx.sin(z).times(a));
        Apply node = (Apply) z;
        hashes.add(Interner.keyHash(node.op(), node.args()));
      }
      assertTrue(hashes.size() > 9_900, hashes.size() + " distinct key hashes of 10,000");
    }

    @Test
    void shouldGiveEveryThreadTheSameNode() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Expr>> built = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          built.add(pool.submit(() -> chain(Fx.variable("shared"), 2_000)));
        }
        Expr first = built.get(0).get();
        for (Future<Expr> f : built) {
          assertSame(first, f.get());
        }
        assertEquals(2_001, Exprs.nodeCount(first));
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void shouldForgetNodesNoOneHolds() throws InterruptedException {
      int before = Interner.size();
      long nodes = 0;
      for (int g = 0; g < 100; g++) {
        nodes += Exprs.nodeCount(chain(Fx.variable("dropped" + g), 2_000));
      }
      assertEquals(100 * 2_001, nodes);
      for (int i = 0; i < 100 && Interner.size() > before + 1_000; i++) {
        System.gc();
        Thread.sleep(10);
      }
      assertTrue(Interner.size() <= before + 1_000, "table holds " + Interner.size() + ", " + before + " before");
    }

    private static Expr chain(Expr e, int n) {
      for (int i = 0; i < n; i++) {
        e = i % 2 == 0 ? Fx.sin(e) : Fx.tanh(e);
      }
      return e;
    }

    private static Expr times(Expr x, double c) {
      return Apply.of(Mul.OP, List.of(x, new Const(Tensor.scalar(c))));
    }

    private static Expr times(Expr x, float c) {
      return Apply.of(Mul.OP, List.of(x, new Const(Tensor.scalar(c, DType.FLOAT32))));
    }
  }
}
