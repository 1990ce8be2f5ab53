package dev.fluxion.spark;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * One worker's shard, stored compactly in the model's dtype: the examples whose global index
 * {@code g} has {@code g mod k == shard}, at local position {@code g / k}. Built once per fit on
 * the executors and cached there as one object.
 */
final class ShardBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int shard;
  private final int count;
  private final int[] xShape;
  private final int[] yShape;
  private final DType dtype;
  private final Object x;
  private final Object y;

  private ShardBlock(int shard, int count, int[] xShape, int[] yShape, DType dtype, Object x, Object y) {
    this.shard = shard;
    this.count = count;
    this.xShape = xShape;
    this.yShape = yShape;
    this.dtype = dtype;
    this.x = x;
    this.y = y;
  }

  /**
   * Gathers shard {@code shard}'s examples, given in any order with their global indices.
   *
   * @throws IllegalArgumentException naming the example if its size does not fit the shapes
   */
  static ShardBlock build(int shard, int k, Iterator<Tuple2<Long, Sample>> examples, Shape xShape, Shape yShape,
      DType dtype) {
    List<Tuple2<Long, Sample>> all = new ArrayList<>();
    examples.forEachRemaining(all::add);
    int n = all.size();
    int dx = xShape.size();
    int dy = yShape.size();
    double[] xs = new double[Math.multiplyExact(n, dx)];
    double[] ys = new double[Math.multiplyExact(n, dy)];
    boolean[] seen = new boolean[n];
    for (Tuple2<Long, Sample> e : all) {
      long g = e._1();
      Sample s = e._2();
      long local = g / k;
      if (g % k != shard || local >= n || seen[(int) local]) {
        throw new IllegalStateException("shard " + shard + " of " + k + " received example " + g
            + " twice or out of place (the input RDD is not deterministic: cache or checkpoint it)");
      }
      if (s.xLength() != dx || s.yLength() != dy) {
        throw new IllegalArgumentException("example " + g + " has " + s.xLength() + " feature values and "
            + s.yLength() + " target values; the data's shapes " + xShape + " and " + yShape + " need " + dx
            + " and " + dy);
      }
      seen[(int) local] = true;
      s.copyX(xs, (int) local * dx);
      s.copyY(ys, (int) local * dy);
    }
    Object x = xs;
    Object y = ys;
    if (dtype == DType.FLOAT32) {
      x = narrow(xs);
      y = narrow(ys);
    }
    return new ShardBlock(shard, n, xShape.toArray(), yShape.toArray(), dtype, x, y);
  }

  private static float[] narrow(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  int shard() {
    return shard;
  }

  int count() {
    return count;
  }

  /** {@return features {@code [rows.length, ...]} of the given local rows, in order} */
  Tensor x(int[] rows) {
    return gather(x, xShape, rows);
  }

  /** {@return targets {@code [rows.length, ...]} of the given local rows, in order} */
  Tensor y(int[] rows) {
    return gather(y, yShape, rows);
  }

  private Tensor gather(Object data, int[] example, int[] rows) {
    int[] dims = new int[example.length + 1];
    dims[0] = rows.length;
    System.arraycopy(example, 0, dims, 1, example.length);
    int width = 1;
    for (int d : example) {
      width *= d;
    }
    if (dtype == DType.FLOAT32) {
      float[] src = (float[]) data;
      float[] out = new float[rows.length * width];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(src, rows[i] * width, out, i * width, width);
      }
      return Tensor.of(out, Shape.of(dims));
    }
    double[] src = (double[]) data;
    double[] out = new double[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(src, rows[i] * width, out, i * width, width);
    }
    return Tensor.of(out, Shape.of(dims));
  }
}
