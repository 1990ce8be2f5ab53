package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The block-wise broadcasting kernels ({@link Blocks}) against the element-by-element index map
 * they replace, bit for bit, on random shapes: broadcasts, broadcasting binary ops, sums and
 * maxima over axes, and {@code sumTo} (a run of consecutive elements summed into one output is added
 * in four running sums, {@code Reductions.blockSum}).
 */
class BlocksTest {
  private static final int CASES = 400;

  @Test
  void shouldBroadcastAndZipLikeTheIndexMap() {
    SplittableRandom g = new SplittableRandom(7);
    for (int c = 0; c < CASES; c++) {
      Shape out = randomShape(g);
      Shape in = broadcastable(g, out);
      Tensor x = Tensor.normal(Key.of(c), in, 0, 1);
      Tensor full = Tensor.normal(Key.of(c + 1000), out, 0, 1);
      int[] map = Elementwise.indexMap(in, out);
      double[] xs = x.toArray();
      double[] fs = full.toArray();
      double[] bc = new double[out.size()];
      double[] sum = new double[out.size()];
      double[] diff = new double[out.size()];
      for (int i = 0; i < bc.length; i++) {
        bc[i] = xs[map[i]];
        sum[i] = fs[i] + xs[map[i]];
        diff[i] = xs[map[i]] - fs[i];
      }
      assertEquals(Tensor.of(bc, out), x.broadcastTo(out), in + " -> " + out);
      assertEquals(Tensor.of(sum, out), full.plus(x), in + " + " + out);
      assertEquals(Tensor.of(diff, out), x.minus(full), in + " - " + out);
    }
  }

  @Test
  void shouldReduceLikeTheIndexMap() {
    SplittableRandom g = new SplittableRandom(11);
    for (int c = 0; c < CASES; c++) {
      Shape in = randomShape(g);
      Shape target = broadcastable(g, in);
      Tensor x = Tensor.normal(Key.of(c), in, 0, 1);
      int[] map = Elementwise.indexMap(target, in);
      double[] xs = x.toArray();
      double[] sum = new double[target.size()];
      double[] max = new double[target.size()];
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
      for (int k = 0; k < xs.length; k++) {
        max[map[k]] = Math.max(max[map[k]], xs[k]);
      }
      int i = 0;
      while (i < xs.length) {
        int e = i + 1;
        while (e < xs.length && map[e] == map[i]) {
          e++;
        }
        sum[map[i]] += runSum(xs, i, e);
        i = e;
      }
      assertEquals(Tensor.of(sum, target), x.sumTo(target), in + " -> " + target);
      if (target.rank() == in.rank() && in.size() > 0) {
        int[] axes = java.util.stream.IntStream.range(0, in.rank())
            .filter(a -> target.dim(a) == 1 && in.dim(a) != 1).toArray();
        assertEquals(Tensor.of(sum, target), x.sum(axes, true), in + " sum " + target);
        assertEquals(Tensor.of(max, target), x.max(axes, true), in + " max " + target);
      }
    }
  }

  /** The specified order of a contiguous run's sum: four running sums, the tail on the first, pairwise. */
  private static double runSum(double[] x, int from, int to) {
    double[] s = new double[4];
    int full = from + (to - from) / 4 * 4;
    for (int i = from; i < full; i++) {
      s[(i - from) % 4] += x[i];
    }
    for (int i = full; i < to; i++) {
      s[0] += x[i];
    }
    return (s[0] + s[1]) + (s[2] + s[3]);
  }

  private static Shape randomShape(SplittableRandom g) {
    int[] d = new int[g.nextInt(5)];
    for (int i = 0; i < d.length; i++) {
      d[i] = g.nextInt(4) == 0 ? 1 : 1 + g.nextInt(5);
    }
    return Shape.of(d);
  }

  /** A shape that broadcasts to {@code out}: some leading axes dropped, some axes set to 1. */
  private static Shape broadcastable(SplittableRandom g, Shape out) {
    int drop = g.nextInt(out.rank() + 1);
    int[] d = new int[out.rank() - drop];
    for (int i = 0; i < d.length; i++) {
      d[i] = g.nextInt(3) == 0 ? 1 : out.dim(i + drop);
    }
    return Shape.of(d);
  }
}
