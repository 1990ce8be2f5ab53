package dev.fluxion.spark;

import org.apache.spark.Partitioner;

/** Sends example {@code g} (the key) to shard {@code g mod k}. */
final class ShardPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int k;

  ShardPartitioner(int k) {
    this.k = k;
  }

  @Override
  public int numPartitions() {
    return k;
  }

  @Override
  public int getPartition(Object key) {
    return (int) Math.floorMod((Long) key, (long) k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardPartitioner p && p.k == k;
  }

  @Override
  public int hashCode() {
    return k;
  }
}
