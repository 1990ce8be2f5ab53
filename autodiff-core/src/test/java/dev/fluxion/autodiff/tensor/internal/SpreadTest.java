package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.Threads;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs a pass reads in place along a block of its axes ({@link Spread}): which shapes qualify, and a
 * pass over them equals the same pass over their broadcast copies bit for bit, in both dtypes, across
 * tile and chunk boundaries.
 */
class SpreadTest {
  @Test
  void shouldSpreadABlockOfAxesAndNothingElse() {
    Shape t = Shape.of(32, 64, 64);
    assertEquals(new Spread(1, 64), Spread.of(t, Shape.of(64)));
    assertEquals(new Spread(1, 64), Spread.of(t, Shape.of(1, 1, 64)));
    assertEquals(new Spread(64, 2048), Spread.of(t, Shape.of(32, 64, 1)));
    assertEquals(new Spread(64, 64), Spread.of(t, Shape.of(64, 1)));
    assertEquals(new Spread(4096, 32), Spread.of(t, Shape.of(32, 1, 1)));
    assertNull(Spread.of(t, Shape.of(32, 1, 64)), "two blocks");
    assertNull(Spread.of(t, Shape.of(63)), "does not broadcast");
    assertNull(Spread.of(t, Shape.of(2, 32, 64, 64)), "higher rank");
    assertNull(Spread.of(t, t), "equal shapes need no spreading");
    assertNull(Spread.of(t, Shape.of(1, 1)), "one number is a scalar input");
  }

  @Test
  void shouldEqualThePassOverBroadcastCopiesInBothDTypes() {
    Shape[] targets = {Shape.of(3, 7, 130), Shape.of(5, 4, 64, 64), Shape.of(1030)};
    List<List<Shape>> operands = List.of(
        List.of(Shape.of(130), Shape.of(3, 7, 1), Shape.of(7, 1), Shape.of(3, 1, 1), Shape.of(1, 7, 130)),
        List.of(Shape.of(64), Shape.of(5, 4, 64, 1), Shape.of(4, 1, 1), Shape.of(4, 64, 1)),
        List.of(Shape.of(1030)));
    for (int k = 0; k < targets.length; k++) {
      Shape t = targets[k];
      Tensor x = Tensor.normal(Key.of(k), t, 0, 1);
      for (Shape s : operands.get(k)) {
        Tensor a = Tensor.normal(Key.of(k + 10), s, 0, 1);
        Tensor b = Tensor.normal(Key.of(k + 20), s, 1, 1);
        // (x - a) * b + exp(a): three reads of spread inputs, one of a full one
        Pointwise p = Pointwise.of(t, 3, List.of(Pointwise.sub(0, 1), Pointwise.mul(3, 2), Pointwise.exp(1),
            Pointwise.add(4, 5)), new int[] {6});
        for (DType d : DType.values()) {
          if (d == DType.INT32) {
            continue;
          }
          Tensor xd = x.cast(d);
          Tensor ad = a.cast(d);
          Tensor bd = b.cast(d);
          Tensor want = p.run(xd, ad.broadcastTo(t), bd.broadcastTo(t))[0];
          assertEquals(want, p.run(xd, ad, bd)[0], s + " over " + t + " in " + d);
        }
      }
    }
  }

  @Test
  void shouldGiveTheSameBitsOnOneOrEightThreadsWhenCutIntoChunks() {
    Shape t = Shape.of(64, 64, 64);
    Tensor x = Tensor.normal(Key.of(3), t, 0, 1);
    Tensor mean = Tensor.normal(Key.of(4), Shape.of(64, 64, 1), 0, 1);
    Tensor gain = Tensor.normal(Key.of(5), Shape.of(64), 0, 1);
    Pointwise p = Pointwise.of(t, 3, List.of(Pointwise.sub(0, 1), Pointwise.mul(3, 2)), new int[] {4});
    assertTrue(p.chunks(t.size(), t.size() / Pointwise.TILE) > 1, "the run is cut into chunks");
    Tensor want = p.run(x, mean.broadcastTo(t), gain.broadcastTo(t))[0];
    Tensor x32 = x.cast(DType.FLOAT32);
    Tensor mean32 = mean.cast(DType.FLOAT32);
    Tensor gain32 = gain.cast(DType.FLOAT32);
    Tensor want32 = p.run(x32, mean32.broadcastTo(t), gain32.broadcastTo(t))[0];
    for (int threads : new int[] {1, 8}) {
      int before = Threads.count();
      Threads.setCount(threads);
      try {
        assertEquals(want, p.run(x, mean, gain)[0], threads + " threads");
        assertEquals(want32, p.run(x32, mean32, gain32)[0], threads + " threads, float32");
      } finally {
        Threads.setCount(before);
      }
    }
  }

  @Test
  void shouldRejectAnInputThatIsNoBlockOfTheAxes() {
    Shape t = Shape.of(4, 5, 6);
    Pointwise p = Pointwise.of(t, 2, List.of(Pointwise.add(0, 1)), new int[] {2});
    var e = assertThrows(IllegalArgumentException.class,
        () -> p.run(Tensor.zeros(t), Tensor.zeros(Shape.of(4, 1, 6))));
    assertTrue(e.getMessage().contains("input 1 has shape [4, 1, 6]"), e.getMessage());
  }
}
