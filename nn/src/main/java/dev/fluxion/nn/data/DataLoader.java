package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Lazy mini-batches over a {@link Dataset}: a batch size, an order per epoch from a
 * {@link Sampler}, and whether to drop a last partial batch.
 *
 * <p>Immutable; configure with {@code with...} methods. {@link #batches(int)} gathers each batch
 * only when the iterator reaches it, so an epoch never holds more than one batch it made.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.of(train, 128).withShuffle(Key.of(42)).withDropLast(true);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   for (Batch b : loader.batches(epoch)) { ... b.x() [128, 28, 28], b.y() [128] ... }
 * }
 * }</pre>
 */
public final class DataLoader {
  private final Dataset dataset;
  private final int batchSize;
  private final Sampler sampler;
  private final boolean dropLast;

  private DataLoader(Dataset dataset, int batchSize, Sampler sampler, boolean dropLast) {
    if (dataset.size() == 0) {
      throw new IllegalArgumentException("DataLoader: the dataset is empty (0 examples, " + dataset
          + "): there is nothing to train or evaluate on");
    }
    if (sampler.size() == 0) {
      throw new IllegalArgumentException("DataLoader: the sampler gives no examples (size 0) for " + dataset);
    }
    if (dropLast && sampler.size() < batchSize) {
      throw new IllegalArgumentException("DataLoader: with drop-last, " + sampler.size() + " examples give no batch of "
          + batchSize + " (lower the batch size or keep the last partial batch)");
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.sampler = sampler;
    this.dropLast = dropLast;
  }

  /**
   * {@return A loader visiting {@code dataset} in order, keeping a last partial batch}
   *
   * @param dataset the examples, visited in index order
   * @param batchSize {@code >= 1}
   * @throws IllegalArgumentException if {@code dataset} is null or empty, or {@code batchSize < 1}
   */
  public static DataLoader of(Dataset dataset, int batchSize) {
    Checks.notNull(dataset, "dataset");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    return new DataLoader(dataset, batchSize, Sampler.sequential(dataset.size()), false);
  }

  /**
   * {@return this loader shuffling every epoch afresh: {@code Sampler.random(size, key)}}
   *
   * @param key the run's key; the same key gives the same batches, epoch by epoch
   * @throws IllegalArgumentException if {@code key} is null
   */
  public DataLoader withShuffle(Key key) {
    return withSampler(Sampler.random(dataset.size(), Checks.notNull(key, "key")));
  }

  /**
   * {@return this loader visiting the examples in the order {@code sampler} gives}
   *
   * @param sampler indices within {@code [0, dataset.size())}, checked when each batch is gathered
   * @throws IllegalArgumentException if {@code sampler} is null or gives no examples, or with
   *     drop-last gives fewer than one batch
   */
  public DataLoader withSampler(Sampler sampler) {
    return new DataLoader(dataset, batchSize, Checks.notNull(sampler, "sampler"), dropLast);
  }

  /**
   * {@return this loader dropping (or keeping) a last batch smaller than the batch size}
   *
   * @param dropLast true to drop it
   * @throws IllegalArgumentException if dropping would leave no batch (fewer examples than the
   *     batch size)
   */
  public DataLoader withDropLast(boolean dropLast) {
    return new DataLoader(dataset, batchSize, sampler, dropLast);
  }

  /**
   * {@return this loader over {@code dataset().cast(dtype)}: batches in {@code dtype}, the model's}
   *
   * @param dtype the batches' dtype
   */
  public DataLoader cast(DType dtype) {
    return new DataLoader(dataset.cast(Checks.notNull(dtype, "dtype")), batchSize, sampler, dropLast);
  }

  /** {@return the dtype of the batches (the dataset's)} */
  public DType dtype() {
    return dataset.dtype();
  }

  /** {@return the dataset} */
  public Dataset dataset() {
    return dataset;
  }

  /** {@return the batch size {@code b}} */
  public int batchSize() {
    return batchSize;
  }

  /** {@return the number of batches in an epoch: {@code floor(m / b)} with drop-last, else {@code ceil(m / b)}} */
  public int batchesPerEpoch() {
    int m = sampler.size();
    return dropLast ? m / batchSize : (m + batchSize - 1) / batchSize;
  }

  /**
   * The batches of epoch {@code epoch}, gathered lazily; each iteration yields the same batches.
   *
   * @param epoch {@code >= 0}; with shuffling, each epoch has its own order
   * @return batches with x {@code [b, ...]} and y {@code [b, ...]}; only a last one may be smaller
   * @throws IllegalArgumentException if {@code epoch < 0}; when iterating, if the sampler gives an
   *     index outside the dataset
   */
  public Iterable<Batch> batches(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    return () -> new BatchIterator(sampler.order(epoch), batchesPerEpoch());
  }

  private final class BatchIterator implements Iterator<Batch> {
    private final int[] order;
    private final int count;
    private int next;

    BatchIterator(int[] order, int count) {
      this.order = order;
      this.count = count;
    }

    @Override
    public boolean hasNext() {
      return next < count;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException("epoch has " + count + " batches");
      }
      int from = next * batchSize;
      next++;
      return dataset.batch(Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length)));
    }
  }

  /** {@code DataLoader[Dataset[...], batchSize=32, batches=4, dropLast=false]}. */
  @Override
  public String toString() {
    return "DataLoader[" + dataset + ", batchSize=" + batchSize + ", batches=" + batchesPerEpoch()
        + ", dropLast=" + dropLast + "]";
  }
}
