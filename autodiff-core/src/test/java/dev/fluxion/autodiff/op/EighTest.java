package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;
import static dev.fluxion.autodiff.op.LinearAlgebraTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.EighResult;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code eigh} and {@code eigvalsh}: values against Commons Math, signs, stacks, derivatives at repeated eigenvalues. */
class EighTest {
  private static final int N = 6;

  private static EighResult eval(Tensor a) {
    EighResult e = eigh(constant(a));
    return new EighResult(constant(AD.eval(e.eigenvalues(), Bindings.of())),
        constant(AD.eval(e.eigenvectors(), Bindings.of())));
  }

  private static Tensor value(Expr e) {
    return AD.eval(e, Bindings.of());
  }

  /** The symmetric part of a random unsymmetric matrix is what both sides decompose. */
  @Nested
  class Values {
    @Test
    void shouldAgreeWithCommonsMathOnTheSymmetricPart() {
      for (int seed = 1; seed <= 20; seed++) {
        Tensor a = Tensor.normal(Key.of(seed), Shape.of(N, N), 0, seed % 4 == 0 ? 100 : 1);
        double[][] s = new double[N][N];
        for (int i = 0; i < N; i++) {
          for (int j = 0; j < N; j++) {
            s[i][j] = (a.get(i, j) + a.get(j, i)) / 2;
          }
        }
        EigenDecomposition want = new EigenDecomposition(new Array2DRowRealMatrix(s));
        double[] wantValues = want.getRealEigenvalues();
        Integer[] order = IntStream.range(0, N).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(k -> wantValues[k]));
        EighResult got = eval(a);
        Tensor w = value(got.eigenvalues());
        Tensor v = value(got.eigenvectors());
        assertEquals(w, value(eigvalsh(constant(a))), "eigvalsh is eigh's eigenvalues");
        double scale = Arrays.stream(wantValues).map(Math::abs).max().orElseThrow();
        for (int k = 0; k < N; k++) {
          assertEquals(wantValues[order[k]], w.get(k), 1e-12 * scale, "seed " + seed + ", eigenvalue " + k);
          RealVector u = want.getEigenvector(order[k]);
          double sign = Math.signum(u.dotProduct(new org.apache.commons.math3.linear.ArrayRealVector(column(v, k))));
          for (int i = 0; i < N; i++) {
            assertEquals(sign * u.getEntry(i), v.get(i, k), 1e-10, "seed " + seed + ", V[" + i + ", " + k + "]");
          }
        }
      }
    }

    @Test
    void shouldGiveOrthonormalVectorsThatRebuildTheMatrixSignedByTheirLargestComponent() {
      Tensor b = Tensor.normal(Key.of(5), Shape.of(N, N), 0, 1);
      Tensor s = b.plus(b.transpose()).times(0.5);
      EighResult e = eval(b);
      Tensor v = value(e.eigenvectors());
      Tensor rebuilt = value(matmul(e.eigenvectors().times(reshape(e.eigenvalues(), 1, N)),
          transpose(e.eigenvectors())));
      assertTrue(rebuilt.allClose(s, 1e-13, 1e-13), rebuilt + " vs " + s);
      assertTrue(v.transpose().matmul(v).allClose(Tensor.eye(N), 1e-14, 1e-14));
      for (int k = 0; k < N; k++) {
        double[] c = column(v, k);
        int top = 0;
        for (int i = 1; i < N; i++) {
          top = Math.abs(c[i]) > Math.abs(c[top]) ? i : top;
        }
        assertTrue(c[top] > 0, "column " + k + ": " + Arrays.toString(c));
      }
    }

    @Test
    void shouldHandleDiagonalZeroAndTinyMatricesExactly() {
      Tensor d = Tensor.of(new double[] {3, 0, 0, 0, -1, 0, 0, 0, 2}, 3, 3);
      EighResult e = eval(d);
      assertEquals(Tensor.vector(-1, 2, 3), value(e.eigenvalues()));
      assertEquals(Tensor.of(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, 3, 3), value(e.eigenvectors()));
      assertEquals(Tensor.zeros(3), value(eigvalsh(constant(Tensor.zeros(3, 3)))));
      assertEquals(Tensor.eye(3), value(eigh(constant(Tensor.zeros(3, 3))).eigenvectors()));
      assertEquals(Tensor.vector(-2.5), value(eigvalsh(constant(Tensor.of(new double[] {-2.5}, 1, 1)))));
      assertEquals(Shape.of(4, 0), value(eigvalsh(constant(Tensor.zeros(4, 0, 0)))).shape());
    }

    @Test
    void shouldGiveNaNForANonFiniteMatrix() {
      Tensor a = Tensor.of(new double[] {1, Double.NaN, 0, 1}, 2, 2);
      EighResult e = eval(a);
      assertTrue(Arrays.stream(value(e.eigenvalues()).toArray()).allMatch(Double::isNaN));
      assertTrue(Arrays.stream(value(e.eigenvectors()).toArray()).allMatch(Double::isNaN));
    }

    @Test
    void shouldDecomposeEachMatrixOfAStackAsOnItsOwnAndRoundFloat32Once() {
      Tensor a = Tensor.normal(Key.of(9), Shape.of(2, 3, 4, 4), 0, 1);
      EighResult e = eval(a);
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          EighResult one = eval(at(a, i, j));
          assertEquals(value(one.eigenvalues()), at(value(e.eigenvalues()), i, j));
          assertEquals(value(one.eigenvectors()), at(value(e.eigenvectors()), i, j));
        }
      }
      Tensor a32 = a.cast(DType.FLOAT32);
      Tensor w32 = value(eigvalsh(constant(a32)));
      assertEquals(DType.FLOAT32, w32.dtype());
      assertEquals(value(eigvalsh(constant(a32.cast(DType.FLOAT64)))).cast(DType.FLOAT32), w32);
    }

    @Test
    void shouldRefuseWhatIsNotASquareMatrix() {
      for (Shape bad : new Shape[] {Shape.of(3), Shape.of(2, 3), Shape.of(2, 3, 2)}) {
        var e = assertThrows(IllegalArgumentException.class, () -> eigh(constant(Tensor.zeros(bad))));
        assertEquals("eigh: needs a square matrix [n, n] or a stack of them [..., n, n], got " + bad, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> eigvalsh(constant(Tensor.zeros(bad))));
      }
    }
  }

  @Nested
  class Derivatives {
    @Test
    void shouldGiveTheOuterProductOfTheEigenvectorAsTheEigenvalueGradient() {
      Tensor a = Tensor.normal(Key.of(31), Shape.of(N, N), 0, 1);
      Var va = new Var("a", a.shape());
      Tensor v = value(eigh(constant(a)).eigenvectors());
      for (int k = 0; k < N; k++) {
        Tensor g = AD.grad(index(eigvalsh(va), k), Bindings.of("a", a), "a");
        Tensor u = Tensor.of(column(v, k), N, 1);
        assertTrue(g.allClose(u.matmul(u.transpose()), 1e-13, 1e-13), "eigenvalue " + k);
      }
    }

    @Test
    void shouldKeepEigenvalueGradientsFiniteAndMakeEigenvectorGradientsNonFiniteAtARepeatedEigenvalue() {
      // Q diag(1, 1, 4) Qᵀ with Q a rotation: an eigenvalue repeated in exact arithmetic, not quite in floating point
      double c = Math.cos(0.7);
      double s = Math.sin(0.7);
      Tensor q = Tensor.of(new double[] {c, -s, 0, s * 0.6, c * 0.6, -0.8, s * 0.8, c * 0.8, 0.6}, 3, 3);
      Tensor a = q.times(Tensor.of(new double[] {1, 1, 4}, 1, 3)).matmul(q.transpose());
      Var va = new Var("a", a.shape());
      Bindings at = Bindings.of("a", a);
      Tensor wGrad = AD.grad(sum(eigvalsh(va).times(constant(Tensor.vector(1, 2, 3)))), at, "a");
      assertTrue(wGrad.allFinite(), wGrad::toString);
      Tensor trace = AD.grad(sum(eigh(va).eigenvalues()), at, "a");
      assertTrue(trace.allClose(Tensor.eye(3), 1e-14, 1e-14), trace::toString);
      Expr viaVectors = sum(square(eigh(va).eigenvectors()).times(constant(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7,
          8, 9}, 3, 3))));
      assertFalse(AD.grad(viaVectors, at, "a").allFinite(), "reverse mode");
      assertFalse(AD.jvp(viaVectors, at, Bindings.of("a", Tensor.ones(3, 3))).tangent().allFinite(), "forward mode");
    }

    @Test
    void shouldDifferentiateTheEigenvectorsOfSeparatedEigenvaluesInEitherMode() {
      Tensor a = Tensor.normal(Key.of(41), Shape.of(4, 4), 0, 1);
      Tensor da = Tensor.normal(Key.of(42), Shape.of(4, 4), 0, 1);
      Var va = new Var("a", a.shape());
      Expr f = sum(square(eigh(va).eigenvectors()).times(constant(Tensor.normal(Key.of(43), Shape.of(4, 4), 0, 1))));
      double h = 1e-6;
      double fd = (value(f, a.plus(da.times(h))) - value(f, a.minus(da.times(h)))) / (2 * h);
      double reverse = AD.grad(f, Bindings.of("a", a), "a").times(da).sum().item();
      double forward = AD.jvp(f, Bindings.of("a", a), Bindings.of("a", da)).tangent().item();
      assertEquals(fd, reverse, 1e-7 * Math.max(1, Math.abs(fd)));
      assertEquals(reverse, forward, 1e-12 * Math.max(1, Math.abs(fd)));
    }
  }

  private static double value(Expr f, Tensor a) {
    return AD.eval(f, Bindings.of("a", a)).item();
  }

  private static double[] column(Tensor v, int k) {
    int n = v.shape().dim(0);
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      c[i] = v.get(i, k);
    }
    return c;
  }
}
