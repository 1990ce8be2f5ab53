package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An immutable, indexed collection of {@link Example}s, stored as two row-major blocks: features
 * {@code [n, ...]} and targets {@code [n, ...]} (axis 0 indexes examples).
 *
 * <p>Every example has the same feature shape and the same target shape. Operations return new
 * datasets; nothing mutable escapes. Gathering a {@link #batch} copies only the selected rows.
 */
public final class Dataset {
  private final Rows x;
  private final Rows y;

  private Dataset(Rows x, Rows y) {
    if (x.count() != y.count()) {
      throw new IllegalArgumentException("features have " + x.count() + " examples but targets have "
          + y.count() + " (shapes " + x.shape() + " and " + y.shape() + ")");
    }
    this.x = x;
    this.y = y.cast(x.dtype());
  }

  /** A dataset over storage the caller hands over (readers in this package only). */
  static Dataset own(Rows x, Rows y) {
    return new Dataset(x, y);
  }

  /**
   * {@return A dataset from stacked features and targets (copied)}
   *
   * @param features {@code [n, ...]}, rank {@code >= 1}
   * @param targets {@code [n, ...]}, rank {@code >= 1}; {@code [n]} for scalar labels; converted to
   *     the features' dtype, which is the dataset's
   * @throws IllegalArgumentException if a tensor is null, has rank 0, or the leading dimensions differ
   */
  public static Dataset of(Tensor features, Tensor targets) {
    Checks.notNull(features, "features");
    Checks.notNull(targets, "targets");
    return new Dataset(Rows.of(features, "features"), Rows.of(targets, "targets"));
  }

  /**
   * {@return A dataset holding the given examples in order}
   *
   * @param examples at least one; all features of one shape, all targets of one shape
   * @throws IllegalArgumentException if there are no examples or the shapes differ (naming the index)
   */
  public static Dataset ofExamples(Iterable<Example> examples) {
    Checks.notNull(examples, "examples");
    Rows.Builder bx = new Rows.Builder("features");
    Rows.Builder by = new Rows.Builder("targets");
    int i = 0;
    for (Example e : examples) {
      Checks.notNull(e, "example " + i);
      bx.add(e.x(), i);
      by.add(e.y(), i);
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("ofExamples: no examples (the example shapes are unknown)");
    }
    return new Dataset(bx.build(Shape.scalar()), by.build(Shape.scalar()));
  }

  /** {@return the dtype of the batches, features and targets alike (the features' dtype when made)} */
  public DType dtype() {
    return x.dtype();
  }

  /**
   * {@return this dataset in {@code dtype}: itself if it has it, else a copy whose features and
   * targets are rounded to nearest (float32 class labels below 2^24 stay exact)}
   *
   * <p>A float32 model trains on {@code Mnist.load(...).cast(DType.FLOAT32)}.
   *
   * @param dtype the batches' dtype, that of the model's parameters
   */
  public Dataset cast(DType dtype) {
    Checks.notNull(dtype, "dtype");
    return dtype == x.dtype() ? this : new Dataset(x.cast(dtype), y.cast(dtype));
  }

  /** {@return the number of examples {@code n}} */
  public int size() {
    return x.count();
  }

  /** {@return the shape of one example's features (the features' shape without axis 0)} */
  public Shape featureShape() {
    return x.rowShape();
  }

  /** {@return the shape of one example's target ({@code []} for scalar labels)} */
  public Shape targetShape() {
    return y.rowShape();
  }

  /**
   * {@return example {@code i} (its tensors are fresh copies)}
   *
   * @param i in {@code [0, size())}
   * @throws IllegalArgumentException naming the index and the size if {@code i} is out of range
   */
  public Example get(int i) {
    checkIndex(i);
    return new Example(x.row(i), y.row(i));
  }

  /** {@return all features stacked, {@code [n, ...]} (a fresh tensor: copies every feature value)} */
  public Tensor features() {
    return x.tensor();
  }

  /** {@return all targets stacked, {@code [n, ...]} (a fresh tensor)} */
  public Tensor targets() {
    return y.tensor();
  }

  /**
   * The examples at {@code indices}, stacked in that order.
   *
   * @param indices each in {@code [0, size())}; repeats allowed; may be empty
   * @return x {@code [indices.length, ...]} and y {@code [indices.length, ...]}
   * @throws IllegalArgumentException naming the first bad index and the size
   */
  public Batch batch(int[] indices) {
    checkIndices(indices);
    return new Batch(x.gatherTensor(indices), y.gatherTensor(indices));
  }

  /**
   * {@return the sub-dataset of the examples at {@code indices}, in that order}
   *
   * @param indices each in {@code [0, size())}; repeats allowed
   * @throws IllegalArgumentException naming the first bad index and the size
   */
  public Dataset select(int[] indices) {
    checkIndices(indices);
    return new Dataset(x.gather(indices), y.gather(indices));
  }

  /**
   * {@return the dataset of {@code f} applied to every example, in order}
   *
   * <p>An empty dataset maps to an empty dataset with unchanged shapes.
   *
   * @param f must return examples of one feature shape and one target shape
   * @throws IllegalArgumentException if {@code f} returns null or differing shapes, or throws an
   *     {@code IllegalArgumentException} itself (each naming the example's index)
   */
  public Dataset map(Function<Example, Example> f) {
    Checks.notNull(f, "f");
    Rows.Builder bx = new Rows.Builder("features");
    Rows.Builder by = new Rows.Builder("targets");
    for (int i = 0; i < size(); i++) {
      Example e;
      try {
        e = Checks.notNull(f.apply(get(i)), "f(example " + i + ")");
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("map: example " + i + ": " + bad.getMessage(), bad);
      }
      bx.add(e.x(), i);
      by.add(e.y(), i);
    }
    return new Dataset(bx.build(x.rowShape()).cast(bx.seen() ? bx.dtype() : x.dtype()), by.build(y.rowShape()));
  }

  /**
   * {@return the examples for which {@code keep} holds, in order}
   *
   * @param keep a predicate on examples
   * @throws IllegalArgumentException if {@code keep} is null
   */
  public Dataset filter(Predicate<Example> keep) {
    Checks.notNull(keep, "keep");
    int[] idx = new int[size()];
    int k = 0;
    for (int i = 0; i < size(); i++) {
      if (keep.test(get(i))) {
        idx[k++] = i;
      }
    }
    return select(Arrays.copyOf(idx, k));
  }

  /**
   * {@return the first {@code min(n, size())} examples}
   *
   * @param n {@code >= 0}
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public Dataset take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("take: n must be >= 0, got " + n);
    }
    int k = Math.min(n, size());
    return new Dataset(x.head(k), y.head(k));
  }

  /**
   * {@return this dataset's examples followed by {@code other}'s}
   *
   * @param other a dataset with the same feature and target shapes
   * @throws IllegalArgumentException naming the shapes if they differ
   */
  public Dataset concat(Dataset other) {
    Checks.notNull(other, "other");
    return new Dataset(x.concat(other.x, "feature"), y.concat(other.y, "target"));
  }

  /**
   * {@return A seeded shuffle of the examples, split in two}
   *
   * @param fraction in {@code [0, 1]}: the first part gets {@code round(fraction * size())} examples
   * @param key the shuffle's key; the same key gives the same split
   * @throws IllegalArgumentException if {@code fraction} is outside {@code [0, 1]} or NaN
   */
  public Split split(double fraction, Key key) {
    Checks.notNull(key, "key");
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("split: fraction must be in [0, 1], got " + fraction);
    }
    int[] p = Shuffle.permutation(size(), key);
    int k = (int) Math.round(fraction * size());
    return new Split(select(Arrays.copyOfRange(p, 0, k)), select(Arrays.copyOfRange(p, k, p.length)));
  }

  /**
   * The two parts of {@link #split}.
   *
   * @param first {@code round(fraction * n)} examples (e.g. training)
   * @param second the rest (e.g. validation)
   */
  public record Split(Dataset first, Dataset second) {}

  /** Features element {@code j} (row-major within the example) of example {@code i}; unchecked. */
  double featureAt(int i, int j) {
    return x.at(i, j);
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size()) {
      throw new IllegalArgumentException("index " + i + " is out of range for a dataset of size " + size());
    }
  }

  private void checkIndices(int[] indices) {
    Checks.notNull(indices, "indices");
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= size()) {
        throw new IllegalArgumentException("index " + indices[k] + " (at position " + k
            + ") is out of range for a dataset of size " + size());
      }
    }
  }

  /** {@code Dataset[n=60000, x=[28, 28], y=[]]}. */
  @Override
  public String toString() {
    return "Dataset[n=" + size() + ", x=" + x.rowShape() + ", y=" + y.rowShape()
        + (x.dtype() == DType.FLOAT64 ? "" : ", dtype=" + x.dtype()) + "]";
  }
}
