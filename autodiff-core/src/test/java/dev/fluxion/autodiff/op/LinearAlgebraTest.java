package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code solve}, {@code inverse}, {@code logAbsDet}, {@code detSign}, {@code logdet} and {@code cholesky}: values against Commons Math. */
class LinearAlgebraTest {
  private static final int N = 6;

  private static RealMatrix matrix(Tensor t) {
    int r = t.shape().dim(0);
    int c = t.shape().dim(1);
    double[][] d = new double[r][c];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        d[i][j] = t.get(i, j);
      }
    }
    return new Array2DRowRealMatrix(d);
  }

  private static void assertClose(RealMatrix want, Tensor got, double tol) {
    for (int i = 0; i < want.getRowDimension(); i++) {
      for (int j = 0; j < want.getColumnDimension(); j++) {
        double w = want.getEntry(i, j);
        assertEquals(w, got.get(i, j), tol * Math.max(1, Math.abs(w)), "[" + i + ", " + j + "]");
      }
    }
  }

  @Test
  void shouldAgreeWithCommonsMathOnRandomMatrices() {
    for (int seed = 1; seed <= 20; seed++) {
      Tensor a = Tensor.normal(Key.of(seed), Shape.of(N, N), 0, 1);
      Tensor b = Tensor.normal(Key.of(seed + 100), Shape.of(N, 3), 0, 1);
      LUDecomposition lu = new LUDecomposition(matrix(a));
      Bindings at = Bindings.of("a", a).with("b", b);
      Var va = new Var("a", a.shape());
      assertClose(lu.getSolver().solve(matrix(b)), AD.eval(solve(va, new Var("b", b.shape())), at), 1e-11);
      assertClose(lu.getSolver().getInverse(), AD.eval(inverse(va), at), 1e-11);
      double det = lu.getDeterminant();
      assertEquals(Math.log(Math.abs(det)), AD.eval(logAbsDet(va), at).item(), 1e-12);
      assertEquals(Math.signum(det), AD.eval(detSign(va), at).item());
      double logdet = AD.eval(logdet(va), at).item();
      assertTrue(det > 0 ? Math.abs(logdet - Math.log(det)) < 1e-12 : Double.isNaN(logdet), "logdet of det " + det);
    }
  }

  @Test
  void shouldSolveForAVectorAndRoundFloat32Once() {
    Tensor a = Tensor.of(new double[] {4, 1, 2, 3}, 2, 2);
    Tensor b = Tensor.vector(1, 2);
    Tensor x = AD.eval(solve(constant(a), constant(b)), Bindings.of());
    assertEquals(Shape.of(2), x.shape());
    assertEquals(0.1, x.get(0), 1e-16);
    assertEquals(0.6, x.get(1), 1e-16);
    Tensor x32 = AD.eval(solve(constant(a.cast(DType.FLOAT32)), constant(b.cast(DType.FLOAT32))), Bindings.of());
    assertEquals(DType.FLOAT32, x32.dtype());
    assertEquals((float) 0.1, x32.toFloatArray()[0]);
  }

  @Test
  void shouldRefuseASingularSystemAndGiveMinusInfinityForItsLogDeterminant() {
    Tensor singular = Tensor.of(new double[] {1, 2, 2, 4}, 2, 2);
    var e = assertThrows(IllegalArgumentException.class,
        () -> AD.eval(solve(constant(singular), constant(Tensor.vector(1, 1))), Bindings.of()));
    assertTrue(e.getMessage().contains("solve: the matrix is singular"), e.getMessage());
    assertEquals(Double.NEGATIVE_INFINITY, AD.eval(logAbsDet(constant(singular)), Bindings.of()).item());
    assertEquals(0.0, AD.eval(detSign(constant(singular)), Bindings.of()).item());
    var shape = assertThrows(IllegalArgumentException.class, () -> solve(constant(Tensor.zeros(2, 3)),
        constant(Tensor.zeros(2))));
    assertTrue(shape.getMessage().contains("square matrix"), shape.getMessage());
    for (var bad : List.<java.util.function.Supplier<?>>of(() -> logAbsDet(constant(Tensor.zeros(2, 3))),
        () -> detSign(constant(Tensor.zeros(3))), () -> cholesky(constant(Tensor.zeros(2, 3))),
        () -> inverse(constant(Tensor.zeros(3))), () -> triangularSolve(constant(Tensor.zeros(2, 2)),
            constant(Tensor.zeros(3)), true))) {
      var e2 = assertThrows(IllegalArgumentException.class, bad::get);
      assertTrue(e2.getMessage().contains("square matrix"), e2.getMessage());
    }
  }

  @Test
  void shouldDifferentiateTheLogDeterminantToTheInverseTranspose() {
    Tensor a = Tensor.normal(Key.of(3), Shape.of(4, 4), 0, 1).plus(Tensor.eye(4).times(5.0));
    Var va = new Var("a", a.shape());
    Tensor g = AD.grad(logdet(va), Bindings.of("a", a), "a");
    assertClose(new LUDecomposition(matrix(a)).getSolver().getInverse().transpose(), g, 1e-12);
  }

  @Test
  void shouldFactorTheSymmetricPartAsCommonsMathDoes() {
    for (int seed = 1; seed <= 10; seed++) {
      Tensor b = Tensor.normal(Key.of(seed), Shape.of(N, N), 0, 1);
      Tensor spd = b.matmul(b.transpose()).plus(Tensor.eye(N));
      Tensor skew = Tensor.normal(Key.of(seed + 50), Shape.of(N, N), 0, 1);
      Tensor unsymmetric = spd.plus(skew.minus(skew.transpose()));
      RealMatrix want = new CholeskyDecomposition(matrix(spd)).getL();
      Tensor l = AD.eval(cholesky(constant(unsymmetric)), Bindings.of());
      assertClose(want, l, 1e-12);
      for (int i = 0; i < N; i++) {
        for (int j = i + 1; j < N; j++) {
          assertEquals(0.0, l.get(i, j), "above the diagonal");
        }
      }
    }
    var e = assertThrows(IllegalArgumentException.class,
        () -> AD.eval(cholesky(constant(Tensor.of(new double[] {1, 2, 2, 1}, 2, 2))), Bindings.of()));
    assertTrue(e.getMessage().contains("cholesky: the matrix is not positive definite (pivot 1 of 2"), e.getMessage());
  }

  @Test
  void shouldSolveTriangularSystemsReadingOneTriangleOnly() {
    Tensor full = Tensor.normal(Key.of(7), Shape.of(N, N), 0, 1).plus(Tensor.eye(N).times(4.0));
    Tensor b = Tensor.normal(Key.of(8), Shape.of(N, 2), 0, 1);
    for (boolean lower : new boolean[] {true, false}) {
      double[] tri = full.toArray();
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
          if (lower ? j > i : j < i) {
            tri[i * N + j] = 0;
          }
        }
      }
      Tensor t = Tensor.of(tri, N, N);
      Tensor want = AD.eval(solve(constant(t), constant(b)), Bindings.of());
      Tensor got = AD.eval(triangularSolve(constant(full), constant(b), lower), Bindings.of());
      assertTrue(want.allClose(got, 1e-12, 1e-12), (lower ? "lower" : "upper") + ": " + want + " vs " + got);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> AD.eval(triangularSolve(constant(Tensor.zeros(2, 2)),
        constant(Tensor.vector(1, 1)), true), Bindings.of()));
    assertTrue(e.getMessage().contains("triangularSolve: diagonal entry 0 of 2 is 0"), e.getMessage());
  }

  /** {@return {@code t[i0, i1, ...]}: leading axes indexed and dropped} */
  static Tensor at(Tensor t, int... index) {
    Tensor r = t;
    for (int i : index) {
      r = r.select(0, i);
    }
    return r;
  }

  @Test
  void shouldTreatEachMatrixOfAStackAsTheUnbatchedOpsDo() {
    Tensor a = Tensor.normal(Key.of(11), Shape.of(2, 3, 4, 4), 0, 1).plus(Tensor.eye(4).times(3.0));
    Tensor b = Tensor.normal(Key.of(12), Shape.of(2, 3, 4, 2), 0, 1);
    Tensor v = Tensor.normal(Key.of(13), Shape.of(2, 3, 4), 0, 1);
    Tensor spd = a.matmul(a.transpose());
    var stack = constant(a);
    var solved = AD.eval(solve(stack, constant(b)), Bindings.of());
    var solvedVectors = AD.eval(solve(stack, constant(v)), Bindings.of());
    var inverses = AD.eval(inverse(stack), Bindings.of());
    var lower = AD.eval(triangularSolve(stack, constant(b), true), Bindings.of());
    var factors = AD.eval(cholesky(constant(spd)), Bindings.of());
    var logAbs = AD.eval(logAbsDet(stack), Bindings.of());
    var signs = AD.eval(detSign(stack), Bindings.of());
    var logs = AD.eval(logdet(stack), Bindings.of());
    assertEquals(Shape.of(2, 3), logAbs.shape());
    assertEquals(Shape.of(2, 3, 4), solvedVectors.shape());
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        var one = constant(at(a, i, j));
        var rhs = constant(at(b, i, j));
        String where = "[" + i + ", " + j + "]";
        assertEquals(AD.eval(solve(one, rhs), Bindings.of()), at(solved, i, j), where);
        assertEquals(AD.eval(solve(one, constant(at(v, i, j))), Bindings.of()), at(solvedVectors, i, j), where);
        assertEquals(AD.eval(inverse(one), Bindings.of()), at(inverses, i, j), where);
        assertEquals(AD.eval(triangularSolve(one, rhs, true), Bindings.of()), at(lower, i, j), where);
        assertEquals(AD.eval(cholesky(constant(at(spd, i, j))), Bindings.of()), at(factors, i, j), where);
        assertEquals(AD.eval(logAbsDet(one), Bindings.of()).item(), logAbs.get(i, j), where);
        assertEquals(AD.eval(detSign(one), Bindings.of()).item(), signs.get(i, j), where);
        assertEquals(AD.eval(logdet(one), Bindings.of()).item(), logs.get(i, j), where);
      }
    }
  }

  @Test
  void shouldDifferentiateAStackAsEachMatrixOnItsOwn() {
    Tensor a = Tensor.normal(Key.of(21), Shape.of(3, 4, 4), 0, 1).plus(Tensor.eye(4).times(4.0));
    Tensor b = Tensor.normal(Key.of(22), Shape.of(3, 4, 2), 0, 1);
    Var va = new Var("a", a.shape());
    Var vb = new Var("b", b.shape());
    var f = sum(sin(solve(va, vb))).plus(sum(logAbsDet(va).times(constant(Tensor.vector(1, 2, 3)))));
    var g = AD.grad(f, Bindings.of("a", a).with("b", b));
    for (int i = 0; i < 3; i++) {
      Var ai = new Var("a", Shape.of(4, 4));
      Var bi = new Var("b", Shape.of(4, 2));
      var fi = sum(sin(solve(ai, bi))).plus(logAbsDet(ai).times(i + 1.0));
      var gi = AD.grad(fi, Bindings.of("a", at(a, i)).with("b", at(b, i)));
      assertTrue(gi.get("a").allClose(at(g.get("a"), i), 1e-13, 1e-13), "dA[" + i + "]");
      assertTrue(gi.get("b").allClose(at(g.get("b"), i), 1e-13, 1e-13), "dB[" + i + "]");
    }
  }

  @Test
  void shouldNameTheMatrixOfAStackThatFailsAndRefuseMismatchedStacks() {
    Tensor a = Tensor.of(new double[] {1, 0, 0, 1, 1, 2, 2, 4}, 2, 2, 2);
    var singular = assertThrows(IllegalArgumentException.class,
        () -> AD.eval(solve(constant(a), constant(Tensor.ones(2, 2))), Bindings.of()));
    assertEquals("solve: the matrix is singular (LU pivot 1 of 2 is 0) (batch element [1])", singular.getMessage());
    var notPositive = assertThrows(IllegalArgumentException.class,
        () -> AD.eval(cholesky(constant(a)), Bindings.of()));
    assertTrue(notPositive.getMessage().endsWith("(batch element [1])"), notPositive.getMessage());
    for (var bad : List.<java.util.function.Supplier<?>>of(
        () -> solve(constant(Tensor.zeros(2, 3, 3)), constant(Tensor.zeros(3, 3, 1))),
        () -> solve(constant(Tensor.zeros(2, 3, 3)), constant(Tensor.zeros(3, 3))),
        () -> triangularSolve(constant(Tensor.zeros(2, 3, 3)), constant(Tensor.zeros(3, 3, 2)), true),
        () -> solve(constant(Tensor.zeros(2, 3, 3)), constant(Tensor.zeros(3, 2))))) {
      var e = assertThrows(IllegalArgumentException.class, bad::get);
      assertTrue(e.getMessage().contains("same batch dimensions") && e.getMessage().contains("[2, 3, 3]"),
          e.getMessage());
    }
    for (var bad : List.<java.util.function.Supplier<?>>of(() -> solve(constant(Tensor.zeros(3)),
        constant(Tensor.zeros(3))), () -> solve(constant(Tensor.zeros(3, 3)), constant(Tensor.scalar(1))),
        () -> inverse(constant(Tensor.zeros(3))), () -> detSign(constant(Tensor.scalar(2))))) {
      var e = assertThrows(IllegalArgumentException.class, bad::get);
      assertTrue(e.getMessage().matches("(solve|inverse|detSign): needs a square matrix.*"), e.getMessage());
    }
    var e = assertThrows(IllegalArgumentException.class, () -> logAbsDet(constant(Tensor.zeros(2, 3, 2))));
    assertEquals("logAbsDet: needs a square matrix [n, n] or a stack of them [..., n, n], got [2, 3, 2]",
        e.getMessage());
  }
}
