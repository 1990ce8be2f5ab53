package dev.fluxion.nn.text;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.Sampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenWindowsTest {
  @TempDir
  Path dir;

  /** A file whose token {@code i} is {@code i}, so every id says where it came from. */
  private TokenFile counting(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    return TokenFile.write(dir.resolve("ids.bin"), Math.max(n, 1), ids);
  }

  @Test
  void shouldShiftTargetsByOneToken() {
    TokenWindows w = TokenWindows.of(counting(20), 4);
    assertEquals(4, w.size(), "starts 0, 4, 8, 12: 16 + 4 would need token 20");
    TokenBatch b = w.batch(new int[] {2, 0});
    assertEquals(Tensor.of(new int[] {8, 9, 10, 11, 0, 1, 2, 3}, 2, 4), b.inputs());
    assertEquals(Tensor.of(new int[] {9, 10, 11, 12, 1, 2, 3, 4}, 2, 4), b.targets());
    assertArrayEquals(new int[] {1, 2, 3, 4}, b.target(1));
    assertEquals(4, b.contextLength());
    assertEquals(2, b.size());
  }

  @Test
  void shouldCountWindowsByStride() {
    TokenFile f = counting(10);
    assertEquals(7, TokenWindows.of(f, 3).withStride(1).size());
    assertArrayEquals(new int[] {6, 7, 8, 9}, TokenWindows.of(f, 3).withStride(1).window(6));
    assertEquals(1, TokenWindows.of(f, 9).size());
    assertEquals(3, TokenWindows.of(f, 3).size());
  }

  @Nested
  class Errors {
    @Test
    void shouldRefuseNonPositiveContextsAndWindowsLargerThanTheData() {
      TokenFile f = counting(10);
      assertThrows(IllegalArgumentException.class, () -> TokenWindows.of(f, 0));
      assertThrows(IllegalArgumentException.class, () -> TokenWindows.of(f, -2));
      var e = assertThrows(IllegalArgumentException.class, () -> TokenWindows.of(f, 10));
      assertTrue(e.getMessage().contains("needs 11 tokens"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> TokenWindows.of(f, 3).withStride(0));
      assertThrows(IllegalArgumentException.class, () -> TokenWindows.of(f, 3).window(3));
      assertThrows(IllegalArgumentException.class, () -> TokenWindows.of(counting(0), 1));
    }

    @Test
    void shouldRefuseBadFractionsAndSplitsTooSmallForAWindow() {
      TokenWindows w = TokenWindows.of(counting(10), 3);
      for (double f : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
        assertThrows(IllegalArgumentException.class, () -> w.split(f), "fraction " + f);
      }
      assertThrows(IllegalArgumentException.class, () -> w.split(0.3), "validation gets 3 tokens, a window needs 4");
    }

    @Test
    void shouldRefuseBatchSizesThatGiveNoBatch() {
      TokenWindows w = TokenWindows.of(counting(10), 3);
      assertThrows(IllegalArgumentException.class, () -> w.batches(Key.of(1), 0, 4));
      assertThrows(IllegalArgumentException.class, () -> w.batches(Key.of(1), 0, 0));
      assertThrows(IllegalArgumentException.class, () -> w.batches(Key.of(1), -1, 1));
    }
  }

  @Test
  void shouldSplitAtADeterministicTokenBoundaryThatNoWindowCrosses() {
    TokenWindows w = TokenWindows.of(counting(1000), 8).withStride(1);
    TokenWindows.Split s = w.split(0.1);
    assertEquals(900, s.train().to());
    assertEquals(900, s.validation().from());
    assertEquals(1000, s.validation().to());
    assertEquals(900 - 8, s.train().size());
    int[] last = s.train().window(s.train().size() - 1);
    assertEquals(899, last[last.length - 1], "the last training target is token 899");
    assertEquals(900, s.validation().window(0)[0]);
    assertEquals(1, s.train().stride());
  }

  @Test
  void shouldShuffleBatchesDeterministicallyFromTheKey() {
    TokenWindows w = TokenWindows.of(counting(200), 4);
    List<int[]> a = starts(w.batches(Key.of(5), 3, 8));
    List<int[]> b = starts(w.batches(Key.of(5), 3, 8));
    assertEquals(49 / 8, a.size(), "the last partial batch is dropped");
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
    }
    Set<Integer> seen = new HashSet<>();
    for (int[] batch : a) {
      for (int s : batch) {
        assertEquals(0, s % 4);
        assertTrue(seen.add(s), "window at " + s + " twice in an epoch");
      }
    }
    assertFalse(java.util.Arrays.equals(a.get(0), starts(w.batches(Key.of(5), 4, 8)).get(0)), "epochs differ");
  }

  @Test
  void shouldVisitEveryWindowInOrderWithASequentialSampler() {
    TokenWindows w = TokenWindows.of(counting(50), 4);
    List<int[]> batches = starts(w.batches(Sampler.sequential(w.size()), 0, 5));
    assertEquals(3, batches.size());
    assertArrayEquals(new int[] {40, 44}, batches.get(2));
  }

  private static List<int[]> starts(Iterable<TokenBatch> batches) {
    List<int[]> out = new ArrayList<>();
    for (TokenBatch b : batches) {
      int[] s = new int[b.size()];
      for (int r = 0; r < b.size(); r++) {
        s[r] = b.input(r)[0];
        for (int t = 0; t < b.contextLength(); t++) {
          assertEquals(b.input(r)[t] + 1, b.target(r)[t]);
        }
      }
      out.add(s);
    }
    return out;
  }
}
