package dev.fluxion.autodiff.tensor;

import java.util.Arrays;

/**
 * Broadcasting in blocks: the flat indices of a shape {@code out} split into {@code outer.length}
 * runs of {@code inner} consecutive elements; run {@code o} reads the broadcast operand {@code in}
 * from {@code outer[o]}, either element by element ({@code repeat == false}, a contiguous copy) or
 * one element for the whole run ({@code repeat == true}). So out index {@code o * inner + t} reads
 * in index {@code outer[o] + (repeat ? 0 : t)}, the same element {@link Elementwise#indexMap} names,
 * with a map {@code inner} times shorter.
 *
 * @param inner the length of a run, {@code >= 1}
 * @param repeat whether a run repeats one element of {@code in}
 * @param outer the start in {@code in} of each run
 */
record Blocks(int inner, boolean repeat, int[] outer) {
  /** {@return the blocks of {@code in} broadcast to {@code out}; {@code in} must broadcast to {@code out}} */
  static Blocks of(Shape in, Shape out) {
    int r = out.rank();
    int off = r - in.rank();
    int split = r;
    int inner = 1;
    int mode = 0;
    while (split > 0) {
      int ax = split - 1;
      int od = out.dim(ax);
      int id = ax < off ? 1 : in.dim(ax - off);
      int m = od == 1 ? 0 : id == od ? 1 : 2;
      if (m != 0 && mode != 0 && m != mode) {
        break;
      }
      mode = mode == 0 ? m : mode;
      inner *= od;
      split--;
    }
    if (inner == 0) {
      return new Blocks(1, false, new int[0]);
    }
    boolean repeat = mode == 2;
    Shape outOuter = Shape.of(Arrays.copyOf(out.toArray(), split));
    Shape inOuter = Shape.of(Arrays.copyOf(in.toArray(), Math.max(0, split - off)));
    int[] map = Elementwise.indexMap(inOuter, outOuter);
    int scale = repeat ? 1 : inner;
    if (scale != 1) {
      for (int o = 0; o < map.length; o++) {
        map[o] *= scale;
      }
    }
    return new Blocks(inner, repeat, map);
  }
}
