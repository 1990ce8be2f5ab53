package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A batch times one matrix is one product of the stacked rows: the same bits as a product per batch item. */
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
}
