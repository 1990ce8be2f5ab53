package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The one-pass softmax, log-softmax and log-sum-exp ({@link Softmaxes}) against their definitions
 * ({@code m + log Σ e^(x - m)}, {@code e^(x - lse)}, {@code x - lse}) computed element by element with
 * {@code StrictMath}, along every axis, in both dtypes; the same bits on 1 and 4 threads; the empty
 * axis an error.
 */
class SoftmaxesTest {
  @Test
  void shouldMatchTheDefinitionAlongEveryAxis() {
    Tensor x = Tensor.normal(Key.of(4), Shape.of(3, 37, 5, 18), 0, 4);
    for (int axis = 0; axis < 4; axis++) {
      Tensor lse = reference(x, axis);
      assertClose(lse, x.logSumExp(axis, true), 4e-16, "logSumExp axis " + axis);
      assertClose(lse.reshape(x.shape().reduce(new int[] {axis}, false)), x.logSumExp(axis, false), 4e-16, "no keepDims");
      assertClose(x.minus(lse).map(StrictMath::exp), x.softmax(axis), 4e-15, "softmax axis " + axis);
      assertClose(x.minus(lse), x.logSoftmax(axis), 4e-15, "logSoftmax axis " + axis);
      Tensor f = x.cast(DType.FLOAT32);
      Tensor lse32 = reference(f.cast(DType.FLOAT64), axis);
      assertEquals(DType.FLOAT32, f.softmax(axis).dtype());
      assertClose(lse32.cast(DType.FLOAT32), f.logSumExp(axis, true), 1e-7, "float32 logSumExp axis " + axis);
      assertClose(f.cast(DType.FLOAT64).minus(lse32).map(StrictMath::exp).cast(DType.FLOAT32), f.softmax(axis), 1e-7,
          "float32 softmax axis " + axis);
    }
  }

  @Test
  void shouldGiveTheSameBitsOnAnyThreadCount() {
    Tensor x = Tensor.normal(Key.of(8), Shape.of(64, 4, 64, 64), 0, 3);
    for (Tensor t : new Tensor[] {x, x.cast(DType.FLOAT32)}) {
      for (int axis : new int[] {3, 1}) {
        Tensor one = ThreadsTest.withThreads(1, () -> t.softmax(axis));
        assertEquals(one, ThreadsTest.withThreads(4, () -> t.softmax(axis)), t.dtype() + " axis " + axis);
        assertEquals(ThreadsTest.withThreads(1, () -> t.logSumExp(axis, false)), ThreadsTest.withThreads(4, () -> t.logSumExp(axis, false)));
      }
    }
  }

  @Test
  void shouldKeepLargeAndInfiniteEntriesFinite() {
    Tensor x = Tensor.of(new double[] {1000, 1000, Double.NEGATIVE_INFINITY, -1000, 0, 1000}, Shape.of(2, 3));
    assertEquals(Tensor.of(new double[] {0.5, 0.5, 0, 0, 0, 1}, Shape.of(2, 3)), x.softmax(1));
    assertEquals(1000 + Math.log(2), x.logSumExp(1, false).toArray()[0]);
  }

  @Test
  void shouldRejectAnEmptyAxis() {
    Tensor empty = Tensor.zeros(Shape.of(2, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> empty.logSumExp(1, false));
    assertTrue(e.getMessage().contains("empty axis"), e.getMessage());
    assertEquals(Shape.of(0, 2), Tensor.zeros(Shape.of(0, 2)).softmax(1).shape());
  }

  private static Tensor reference(Tensor x, int axis) {
    Shape kept = x.shape().reduce(new int[] {axis}, true);
    double[] v = x.toArray();
    int n = x.shape().dim(axis);
    int inner = x.shape().strides()[axis];
    double[] out = new double[kept.size()];
    for (int r = 0; r < out.length; r++) {
      int base = (r / inner) * n * inner + r % inner;
      double m = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        m = Math.max(m, v[base + i * inner]);
      }
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += StrictMath.exp(v[base + i * inner] - m);
      }
      out[r] = m + StrictMath.log(s);
    }
    return Tensor.of(out, kept);
  }

  private static void assertClose(Tensor want, Tensor got, double relative, String what) {
    assertEquals(want.shape(), got.shape(), what);
    double[] w = want.toArray();
    double[] g = got.toArray();
    for (int i = 0; i < w.length; i++) {
      assertTrue(Math.abs(w[i] - g[i]) <= relative * Math.max(1, Math.abs(w[i])), what + " at " + i + ": " + g[i] + " vs " + w[i]);
    }
  }
}
