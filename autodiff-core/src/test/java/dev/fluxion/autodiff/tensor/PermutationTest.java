package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The permute copy ({@link Permutation}: merged axes, runs, tiled transposes) against the
 * element-by-element definition {@code y[i_0, ..., i_(r-1)] = x[i at perm]}, in both dtypes, on random
 * shapes with axes of size 0, 1 and beyond a tile, on the attention layouts, and on copies large enough
 * to run in chunks on the pool.
 */
class PermutationTest {
  @Test
  void shouldMatchTheDefinitionOnRandomShapes() {
    SplittableRandom g = new SplittableRandom(11);
    for (int c = 0; c < 500; c++) {
      int r = g.nextInt(1, 6);
      int[] dims = new int[r];
      for (int i = 0; i < r; i++) {
        dims[i] = g.nextInt(10) == 0 ? g.nextInt(2) : g.nextInt(1, r <= 2 ? 40 : 9);
      }
      check(Shape.of(dims), shuffled(r, g));
    }
  }

  @Test
  void shouldMatchTheDefinitionOnAttentionLayouts() {
    check(Shape.of(3, 17, 4, 16), new int[] {0, 2, 1, 3});
    check(Shape.of(3, 4, 17, 16), new int[] {0, 2, 1, 3});
    check(Shape.of(2, 4, 33, 19), new int[] {0, 1, 3, 2});
    check(Shape.of(70, 45), new int[] {1, 0});
  }

  @Test
  void shouldMatchTheDefinitionWhenCutIntoChunks() {
    check(Shape.of(32, 64, 4, 16), new int[] {0, 2, 1, 3});
    check(Shape.of(7, 4, 65, 16), new int[] {0, 2, 1, 3});
    check(Shape.of(9, 4, 33, 64), new int[] {0, 1, 3, 2});
    check(Shape.of(300, 250), new int[] {1, 0});
    check(Shape.of(40, 30, 50), new int[] {2, 1, 0});
  }

  private static void check(Shape shape, int[] perm) {
    Tensor x = Tensor.normal(Key.of(shape.size()), shape, 0, 1);
    Tensor expected = definition(x, perm);
    String what = shape + " by " + Arrays.toString(perm);
    assertEquals(expected, x.permute(perm), what);
    assertEquals(expected.cast(DType.FLOAT32), x.cast(DType.FLOAT32).permute(perm), what + " (float32)");
  }

  private static Tensor definition(Tensor x, int[] perm) {
    int r = perm.length;
    int[] od = new int[r];
    for (int i = 0; i < r; i++) {
      od[i] = x.shape().dim(perm[i]);
    }
    Shape out = Shape.of(od);
    double[] v = x.toArray();
    double[] y = new double[v.length];
    int[] inStrides = x.shape().strides();
    int[] idx = new int[r];
    for (int flat = 0; flat < y.length; flat++) {
      int rest = flat;
      int src = 0;
      for (int i = r - 1; i >= 0; i--) {
        idx[i] = rest % od[i];
        rest /= od[i];
        src += idx[i] * inStrides[perm[i]];
      }
      y[flat] = v[src];
    }
    return Tensor.of(y, out);
  }

  private static int[] shuffled(int r, SplittableRandom g) {
    int[] p = new int[r];
    for (int i = 0; i < r; i++) {
      p[i] = i;
    }
    for (int i = r - 1; i > 0; i--) {
      int j = g.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
