package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;

/**
 * The order in which an epoch visits a dataset's examples: a pure function of the epoch number.
 *
 * <p>Implementations must be deterministic: the same epoch always yields the same order, so a
 * rerun (or a resumed run) sees exactly the same batches.
 */
public interface Sampler {

  /** {@return the number of indices in every epoch's order} */
  int size();

  /**
   * The example indices visited in epoch {@code epoch}, in order (a fresh array).
   *
   * @param epoch {@code >= 0}
   * @return {@link #size()} indices
   * @throws IllegalArgumentException if {@code epoch < 0}
   */
  int[] order(int epoch);

  /**
   * {@return {@code 0, 1, ..., n-1} in every epoch}
   *
   * @param n {@code >= 0}
   * @throws IllegalArgumentException if {@code n < 0}
   */
  static Sampler sequential(int n) {
    return subset(identity(n));
  }

  /**
   * {@return A fresh permutation of {@code 0..n-1} per epoch, from {@code key.fold(epoch)}}
   *
   * @param n {@code >= 0}
   * @param key the run's key: the same key and epoch give the same order, different epochs differ
   * @throws IllegalArgumentException if {@code n < 0} or {@code key} is null
   */
  static Sampler random(int n, Key key) {
    return subset(identity(n), key);
  }

  /**
   * {@return the given indices, in the given order, in every epoch}
   *
   * @param indices example indices (copied); checked against the dataset by the loader
   * @throws IllegalArgumentException if {@code indices} is null
   */
  static Sampler subset(int[] indices) {
    int[] idx = Checks.notNull(indices, "indices").clone();
    return new Sampler() {
      @Override
      public int size() {
        return idx.length;
      }

      @Override
      public int[] order(int epoch) {
        checkEpoch(epoch);
        return idx.clone();
      }
    };
  }

  /**
   * {@return the given indices, shuffled afresh per epoch from {@code key.fold(epoch)}}
   *
   * @param indices example indices (copied)
   * @param key the run's key
   * @throws IllegalArgumentException if an argument is null
   */
  static Sampler subset(int[] indices, Key key) {
    int[] idx = Checks.notNull(indices, "indices").clone();
    Checks.notNull(key, "key");
    return new Sampler() {
      @Override
      public int size() {
        return idx.length;
      }

      @Override
      public int[] order(int epoch) {
        checkEpoch(epoch);
        int[] out = idx.clone();
        Shuffle.shuffle(out, key.fold(epoch));
        return out;
      }
    };
  }

  private static int[] identity(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("sampler: n must be >= 0, got " + n);
    }
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static void checkEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
  }
}
