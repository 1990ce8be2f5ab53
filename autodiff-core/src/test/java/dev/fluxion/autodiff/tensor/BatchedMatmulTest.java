package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Batched products: a batch times one matrix is one product of the stacked rows, a batch of small
 * products runs one item to a task, and the transposed forms read the operand untransposed; each the
 * same bits as a product per batch item, in both dtypes, on 1 and 8 threads.
 */
class BatchedMatmulTest {
  @Test
  void shouldEqualOneProductPerBatchItemBitForBitInBothDTypesOnAnyThreadCount() {
    Tensor a = Tensor.normal(Key.of(1), Shape.of(3, 2, 70, 300), 0, 1);
    Tensor w = Tensor.normal(Key.of(2), Shape.of(300, 90), 0, 1);
    for (DType d : DType.values()) {
      if (!d.isFloat()) {
        continue;
      }
      Tensor ad = a.cast(d);
      Tensor wd = w.cast(d);
      Tensor[] items = new Tensor[6];
      for (int i = 0; i < 6; i++) {
        items[i] = ad.reshape(6, 70, 300).select(0, i).matmul(wd);
      }
      Tensor want = Tensor.stack(0, items).reshape(3, 2, 70, 90);
      for (int threads : new int[] {1, 8}) {
        assertEquals(want, ThreadsTest.withThreads(threads, () -> ad.matmul(wd)), d + ", " + threads + " threads");
      }
    }
  }

  @Test
  void shouldRunBatchesOfSmallProductsAndTheirTransposedFormsItemByItem() {
    Tensor a = Tensor.normal(Key.of(3), Shape.of(8, 4, 64, 16), 0, 1);
    Tensor b = Tensor.normal(Key.of(4), Shape.of(8, 4, 64, 16), 0, 1);
    for (DType d : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor ad = a.cast(d);
      Tensor bd = b.cast(d);
      Tensor[] nt = new Tensor[32];
      Tensor[] tn = new Tensor[32];
      for (int i = 0; i < 32; i++) {
        Tensor x = ad.reshape(32, 64, 16).select(0, i);
        Tensor y = bd.reshape(32, 64, 16).select(0, i);
        nt[i] = x.matmul(y.transpose());
        tn[i] = x.transpose().matmul(y);
      }
      Tensor wantNT = Tensor.stack(0, nt).reshape(8, 4, 64, 64);
      Tensor wantTN = Tensor.stack(0, tn).reshape(8, 4, 16, 16);
      for (int threads : new int[] {1, 8}) {
        String what = d + ", " + threads + " threads";
        assertEquals(wantNT, ThreadsTest.withThreads(threads, () -> ad.matmul(bd.transpose())), what);
        assertEquals(wantNT, ThreadsTest.withThreads(threads, () -> ad.matmulTransposed(bd)), what);
        assertEquals(wantTN, ThreadsTest.withThreads(threads, () -> ad.transposedMatmul(bd)), what);
      }
    }
  }

  @Test
  void shouldRejectTransposedFormsOfUnequalBatches() {
    Tensor a = Tensor.zeros(Shape.of(2, 3, 4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.matmulTransposed(Tensor.zeros(Shape.of(3, 3, 4))));
    assertTrue(e.getMessage().contains("equal batch dimensions"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.transposedMatmul(Tensor.zeros(Shape.of(3, 4))));
  }

  /** Inner dimension 1 (per-example weight gradients) runs as an outer product: the GEMM's numbers, bit for bit. */
  @Test
  void shouldComputeInnerDimensionOneAsAnExactOuterProduct() {
    for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Tensor a = Tensor.normal(Key.of(1), Shape.of(3, 1, 5), 0, 1).cast(dtype);
      double[] bv = Tensor.normal(Key.of(2), Shape.of(3, 1, 4), 0, 1).toArray();
      bv[1] = 0.0;
      bv[2] = -0.0;
      Tensor b = Tensor.of(bv, 3, 1, 4).cast(dtype);
      Tensor at = a.reshape(3, 5, 1);
      for (Tensor c : new Tensor[] {at.matmul(b), a.transposedMatmul(b), at.matmulTransposed(b.reshape(3, 4, 1))}) {
        assertEquals(Shape.of(3, 5, 4), c.shape());
        for (int p = 0; p < 3; p++) {
          for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
              double x = a.get(p, 0, i);
              double y = b.get(p, 0, j);
              double expected = dtype == DType.FLOAT32 ? (double) ((float) x * (float) y + 0.0f) : x * y + 0.0;
              assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(c.get(p, i, j)),
                  dtype + " [" + p + ", " + i + ", " + j + "]: a zero product is +0, as the kernel's sum from zero");
            }
          }
        }
      }
    }
  }
}
