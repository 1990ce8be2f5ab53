package dev.fluxion.autodiff.expr;

/**
 * Node identity to a non-negative int by open addressing (linear probing, load at most one half): no
 * boxing and no entry objects, unlike an {@code IdentityHashMap<Expr, Integer>}. Each slot keeps its
 * key's hash, so growing rehashes without touching the nodes (a cache miss each).
 */
final class IdentityIndex {
  /** What {@link #get} returns for a node never put. */
  static final int ABSENT = -1;

  private Expr[] keys;
  private int[] values;
  private int[] hashes;
  private int size;

  /** An empty index sized for about {@code expected} nodes. */
  IdentityIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
    keys = new Expr[capacity];
    values = new int[capacity];
    hashes = new int[capacity];
  }

  private IdentityIndex(IdentityIndex other) {
    keys = other.keys.clone();
    values = other.values.clone();
    hashes = other.hashes.clone();
    size = other.size;
  }

  /** {@return an independent copy of this index} */
  IdentityIndex copy() {
    return new IdentityIndex(this);
  }

  /** {@return the value of {@code e}, or {@link #ABSENT}} */
  int get(Expr e) {
    int mask = keys.length - 1;
    for (int h = hash(e) & mask; keys[h] != null; h = (h + 1) & mask) {
      if (keys[h] == e) {
        return values[h];
      }
    }
    return ABSENT;
  }

  /** Sets the value of {@code e}, a non-negative int. */
  void put(Expr e, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    put(e, hash(e), value);
  }

  private void put(Expr e, int hash, int value) {
    int mask = keys.length - 1;
    int h = hash & mask;
    while (keys[h] != null && keys[h] != e) {
      h = (h + 1) & mask;
    }
    if (keys[h] == null) {
      keys[h] = e;
      hashes[h] = hash;
      size++;
    }
    values[h] = value;
  }

  private void grow() {
    Expr[] oldKeys = keys;
    int[] oldValues = values;
    int[] oldHashes = hashes;
    keys = new Expr[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    hashes = new int[oldKeys.length * 2];
    size = 0;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != null) {
        put(oldKeys[k], oldHashes[k], oldValues[k]);
      }
    }
  }

  private static int hash(Expr e) {
    int h = System.identityHashCode(e) * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
