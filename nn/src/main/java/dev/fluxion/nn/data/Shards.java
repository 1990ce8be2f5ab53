package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;

/**
 * How data-parallel training splits a dataset of {@code n} examples among {@code k} workers and
 * orders each epoch: example {@code g} belongs to shard {@code g mod k} (at local position
 * {@code g / k}); in epoch {@code e} shard {@code s} visits its examples in the permutation drawn from
 * {@code key.fold(e).fold(s)}; global batch {@code j} is shard 0's {@code j}-th micro-batch of
 * {@code b} examples, then shard 1's, … then shard {@code k-1}'s. An epoch has
 * {@code floor(floor(n/k)/b)} steps; the examples beyond them are not visited that epoch (each
 * epoch leaves out others).
 *
 * <p>A worker holding only its shard computes its part of every epoch with {@link #localOrder};
 * {@link #sampler} gives the same global order to a {@link DataLoader} of the whole dataset, so
 * one process can replay a data-parallel run (the spark module's equality tests do).
 */
public final class Shards {
  private Shards() {}

  /**
   * {@return the number of examples of shard {@code shard}: those {@code g < n} with {@code g mod k == shard}}
   *
   * @param n the dataset size, {@code >= 0}
   * @param k the number of shards, {@code >= 1}
   * @param shard in {@code [0, k)}
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static int size(long n, int k, int shard) {
    check(n, k);
    if (shard < 0 || shard >= k) {
      throw new IllegalArgumentException("Shards: shard must be in [0, " + k + "), got " + shard);
    }
    long size = n / k + (shard < n % k ? 1 : 0);
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Shards: shard " + shard + " would hold " + size
          + " examples, more than one array can index; use more shards");
    }
    return (int) size;
  }

  /**
   * {@return the steps of every epoch: {@code floor(floor(n/k)/b)}}
   *
   * @param n the dataset size, {@code >= 0}
   * @param k the number of shards, {@code >= 1}
   * @param b examples per shard per step, {@code >= 1}
   * @throws IllegalArgumentException if an argument is out of range, or if there is no step
   *     (fewer than {@code k*b} examples), naming the sizes
   */
  public static int steps(long n, int k, int b) {
    check(n, k);
    if (b < 1) {
      throw new IllegalArgumentException("Shards: examples per shard must be >= 1, got " + b);
    }
    long steps = n / k / b;
    if (steps == 0) {
      throw new IllegalArgumentException("Shards: " + n + " examples give no step of " + k + " shards x " + b
          + " examples (a global batch of " + (long) k * b + "): use a smaller batch or fewer workers");
    }
    return (int) Math.min(steps, Integer.MAX_VALUE);
  }

  /**
   * {@return shard {@code shard}'s local positions (in {@code [0, size)}) in epoch {@code epoch}'s order}
   *
   * @param size the shard's size ({@link #size}), {@code >= 0}
   * @param shard the shard's number, {@code >= 0}
   * @param epoch {@code >= 0}
   * @param key the run's key
   * @throws IllegalArgumentException if an argument is out of range or null
   */
  public static int[] localOrder(int size, int shard, int epoch, Key key) {
    Checks.notNull(key, "key");
    if (size < 0 || shard < 0 || epoch < 0) {
      throw new IllegalArgumentException("Shards.localOrder: size, shard and epoch must be >= 0, got " + size + ", "
          + shard + ", " + epoch);
    }
    return Shuffle.permutation(size, key.fold(epoch).fold(shard));
  }

  /**
   * {@return the global order of {@code k} shards stepping {@code b} examples each: a sampler of
   * {@code steps(n, k, b) * k * b} indices per epoch, to batch in {@code k * b}}
   *
   * @param n the dataset size
   * @param k the number of shards, {@code >= 1}
   * @param b examples per shard per step, {@code >= 1}
   * @param key the run's key
   * @throws IllegalArgumentException as {@link #steps} does, or if {@code n} exceeds an int
   */
  public static Sampler sampler(int n, int k, int b, Key key) {
    Checks.notNull(key, "key");
    int steps = steps(n, k, b);
    int total = Math.multiplyExact(Math.multiplyExact(steps, k), b);
    return new Sampler() {
      @Override
      public int size() {
        return total;
      }

      @Override
      public int[] order(int epoch) {
        int[][] local = new int[k][];
        for (int s = 0; s < k; s++) {
          local[s] = localOrder(Shards.size(n, k, s), s, epoch, key);
        }
        int[] out = new int[total];
        int at = 0;
        for (int j = 0; j < steps; j++) {
          for (int s = 0; s < k; s++) {
            for (int i = j * b; i < (j + 1) * b; i++) {
              out[at++] = local[s][i] * k + s;
            }
          }
        }
        return out;
      }
    };
  }

  private static void check(long n, int k) {
    if (n < 0 || k < 1) {
      throw new IllegalArgumentException("Shards: need n >= 0 and k >= 1 shards, got n=" + n + ", k=" + k);
    }
  }
}
