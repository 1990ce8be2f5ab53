package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.train.TreeReduce;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data-parallel split and epoch order, and the summation tree. */
class ShardsTest {
  @Test
  void shardSizesShouldCoverTheDatasetOnce() {
    for (int n : new int[] {0, 1, 7, 100}) {
      for (int k = 1; k <= 5; k++) {
        int total = 0;
        for (int s = 0; s < k; s++) {
          total += Shards.size(n, k, s);
          assertTrue(Shards.size(n, k, s) - Shards.size(n, k, k - 1) <= 1);
        }
        assertEquals(n, total);
      }
    }
  }

  @Test
  void theSamplerShouldBeShardMajorBatchesOfEachShardsLocalOrder() {
    int n = 23;
    int k = 3;
    int b = 2;
    Key key = Key.of(5);
    Sampler s = Shards.sampler(n, k, b, key);
    assertEquals(Shards.steps(n, k, b) * k * b, s.size());
    assertEquals(3 * 3 * 2, s.size());
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] order = s.order(epoch);
      assertEquals(order.length, Arrays.stream(order).distinct().count(), "each example at most once per epoch");
      for (int shard = 0; shard < k; shard++) {
        int[] local = Shards.localOrder(Shards.size(n, k, shard), shard, epoch, key);
        for (int step = 0; step < 3; step++) {
          for (int i = 0; i < b; i++) {
            int g = order[step * k * b + shard * b + i];
            assertEquals(shard, g % k);
            assertEquals(local[step * b + i], g / k);
          }
        }
      }
    }
    assertFalse(Arrays.equals(s.order(0), s.order(1)));
    assertArrayEquals(s.order(1), Shards.sampler(n, k, b, key).order(1));
  }

  @Test
  void shouldRejectTooFewExamplesNamingTheSizes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Shards.steps(7, 4, 2));
    assertTrue(e.getMessage().contains("7 examples give no step of 4 shards x 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shards.size(5, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> Shards.size(5, 0, 0));
  }

  @Test
  void theTreeShouldAddNeighboursFirst() {
    assertEquals("((0+1)+(2+3))", TreeReduce.reduce(List.of("0", "1", "2", "3"), (a, c) -> "(" + a + "+" + c + ")"));
    assertEquals("((0+1)+2)", TreeReduce.reduce(List.of("0", "1", "2"), (a, c) -> "(" + a + "+" + c + ")"));
    assertEquals("(((0+1)+(2+3))+((4+5)+6))",
        TreeReduce.reduce(List.of("0", "1", "2", "3", "4", "5", "6"), (a, c) -> "(" + a + "+" + c + ")"));
    assertEquals("0", TreeReduce.reduce(List.of("0"), (a, c) -> a + c));
    assertArrayEquals(new int[] {1, 2, 4}, TreeReduce.children(0, 7));
    assertArrayEquals(new int[] {5, 6}, TreeReduce.children(4, 7));
    assertArrayEquals(new int[] {}, TreeReduce.children(3, 7));
    assertEquals(4, TreeReduce.parent(6));
    assertEquals(0, TreeReduce.parent(4));
    for (int n = 1; n <= 9; n++) {
      for (int r = 1; r < n; r++) {
        int p = TreeReduce.parent(r);
        final int rank = r;
        assertTrue(Arrays.stream(TreeReduce.children(p, n)).anyMatch(c -> c == rank), r + " in children of " + p);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> TreeReduce.reduce(List.<String>of(), String::concat));
    assertThrows(IllegalArgumentException.class, () -> TreeReduce.parent(0));
  }
}
