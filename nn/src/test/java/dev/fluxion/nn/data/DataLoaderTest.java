package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  private final Dataset ten = DatasetTest.ten();

  private static List<Batch> all(Iterable<Batch> batches) {
    List<Batch> out = new ArrayList<>();
    batches.forEach(out::add);
    return out;
  }

  @Nested
  class Samplers {
    @Test
    void shouldVisitSequentially() {
      assertArrayEquals(new int[] {0, 1, 2, 3}, Sampler.sequential(4).order(5));
    }

    @Test
    void shouldShufflePerEpochDeterministically() {
      Sampler s = Sampler.random(50, Key.of(7));
      assertArrayEquals(s.order(3), Sampler.random(50, Key.of(7)).order(3));
      assertFalse(Arrays.equals(s.order(0), s.order(1)));
      int[] sorted = s.order(2);
      Arrays.sort(sorted);
      assertArrayEquals(Sampler.sequential(50).order(0), sorted);
    }

    @Test
    void shouldRestrictToASubset() {
      assertArrayEquals(new int[] {4, 2}, Sampler.subset(new int[] {4, 2}).order(0));
      int[] shuffled = Sampler.subset(new int[] {9, 8, 7}, Key.of(1)).order(4);
      Arrays.sort(shuffled);
      assertArrayEquals(new int[] {7, 8, 9}, shuffled);
      assertThrows(IllegalArgumentException.class, () -> Sampler.sequential(3).order(-1));
    }
  }

  @Nested
  class Batching {
    @Test
    void shouldKeepALastPartialBatch() {
      DataLoader l = DataLoader.of(ten, 4);
      assertEquals(3, l.batchesPerEpoch());
      List<Batch> bs = all(l.batches(0));
      assertEquals(3, bs.size());
      assertEquals(Shape.of(4, 2, 2), bs.get(0).x().shape());
      assertEquals(Shape.of(4), bs.get(0).y().shape());
      assertEquals(Shape.of(2, 2, 2), bs.get(2).x().shape());
      assertEquals(Tensor.vector(8, 9), bs.get(2).y());
    }

    @Test
    void shouldDropTheLastPartialBatch() {
      DataLoader l = DataLoader.of(ten, 4).withDropLast(true);
      assertEquals(2, l.batchesPerEpoch());
      List<Batch> bs = all(l.batches(0));
      assertEquals(2, bs.size());
      bs.forEach(b -> assertEquals(4, b.size()));
      assertEquals(2, all(DataLoader.of(ten, 5).withDropLast(true).batches(0)).size());
    }

    @Test
    void shouldGiveIdenticalBatchesForTheSameKeyAndEpoch() {
      DataLoader a = DataLoader.of(ten, 3).withShuffle(Key.of(11));
      DataLoader b = DataLoader.of(ten, 3).withShuffle(Key.of(11));
      assertEquals(all(a.batches(2)), all(b.batches(2)));
      assertEquals(all(a.batches(2)), all(a.batches(2)));
      assertNotEquals(all(a.batches(0)), all(a.batches(1)));
    }

    @Test
    void shouldCoverEveryExampleOncePerEpoch() {
      double[] seen = new double[10];
      for (Batch b : DataLoader.of(ten, 3).withShuffle(Key.of(5)).batches(4)) {
        for (double y : b.y().toArray()) {
          seen[(int) y]++;
        }
      }
      double[] ones = new double[10];
      Arrays.fill(ones, 1);
      assertArrayEquals(ones, seen);
    }

    @Test
    void shouldGatherLazilyAndStopCleanly() {
      Iterator<Batch> it = DataLoader.of(ten, 6).batches(0).iterator();
      assertTrue(it.hasNext());
      it.next();
      it.next();
      assertFalse(it.hasNext());
      assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void shouldReportBadSamplerIndicesAndArguments() {
      DataLoader l = DataLoader.of(ten, 2).withSampler(Sampler.subset(new int[] {1, 12}));
      var e = assertThrows(IllegalArgumentException.class, () -> l.batches(0).iterator().next());
      assertTrue(e.getMessage().contains("12"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> DataLoader.of(ten, 0));
    }
  }

  @Nested
  class EmptyData {
    private final Dataset data = Dataset.of(Tensor.zeros(5, 2), Tensor.zeros(5));

    @Test
    void shouldRefuseADatasetWithNoExamples() {
      var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.of(data.take(0), 4));
      assertTrue(e.getMessage().startsWith("DataLoader: the dataset is empty (0 examples"), e.getMessage());
    }

    @Test
    void shouldRefuseDropLastThatLeavesNoBatch() {
      var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.of(data, 8).withDropLast(true));
      assertEquals("DataLoader: with drop-last, 5 examples give no batch of 8 (lower the batch size or keep the last"
          + " partial batch)", e.getMessage());
      assertEquals(1, DataLoader.of(data, 5).withDropLast(true).batchesPerEpoch());
    }

    @Test
    void shouldKeepEmptyDatasetsAsValuesUntilTheyAreLoaded() {
      assertEquals(0, data.take(0).size());
      assertEquals(0, data.split(0.0, Key.of(1)).first().size());
    }
  }
}
