package dev.fluxion.autodiff.expr;

/**
 * Node identity to a non-negative int by open addressing (linear probing, load at most one half): no
 * boxing and no entry objects, unlike an {@code IdentityHashMap<Expr, Integer>}. Each slot keeps its
 * key's hash next to its value (one cache line for both), so growing rehashes without touching the
 * nodes, and {@link #putIfAbsent} finds or inserts with one probe.
 */
final class IdentityIndex {
  /** What {@link #get} returns for a node never put. */
  static final int ABSENT = -1;

  private Expr[] keys;
  /** Per slot, its key's hash at {@code 2 * slot} and its value at {@code 2 * slot + 1}. */
  private int[] entries;
  private int size;

  /** An empty index sized for about {@code expected} nodes. */
  IdentityIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
    keys = new Expr[capacity];
    entries = new int[2 * capacity];
  }

  /**
   * {@return an independent copy of this index, sized for about {@code expected} nodes (rehashed
   * from the stored hashes once, so growing to that many needs no rehash)}
   */
  IdentityIndex copy(int expected) {
    IdentityIndex c = new IdentityIndex(Math.max(expected, size));
    if (c.keys.length == keys.length) {
      System.arraycopy(keys, 0, c.keys, 0, keys.length);
      System.arraycopy(entries, 0, c.entries, 0, entries.length);
      c.size = size;
    } else {
      c.rehash(keys, entries);
    }
    return c;
  }

  /** {@return the value of {@code e}, or {@link #ABSENT}} */
  int get(Expr e) {
    int mask = keys.length - 1;
    for (int h = hash(e) & mask; keys[h] != null; h = (h + 1) & mask) {
      if (keys[h] == e) {
        return entries[2 * h + 1];
      }
    }
    return ABSENT;
  }

  /**
   * {@return the value of {@code e}; if it has none, sets it to {@code value} (non-negative) and
   * returns {@link #ABSENT}}
   */
  int putIfAbsent(Expr e, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int hash = hash(e);
    int mask = keys.length - 1;
    int h = hash & mask;
    for (; keys[h] != null; h = (h + 1) & mask) {
      if (keys[h] == e) {
        return entries[2 * h + 1];
      }
    }
    insert(h, e, hash, value);
    return ABSENT;
  }

  /** Sets the value of {@code e}, a non-negative int. */
  void put(Expr e, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int hash = hash(e);
    int mask = keys.length - 1;
    int h = hash & mask;
    while (keys[h] != null && keys[h] != e) {
      h = (h + 1) & mask;
    }
    if (keys[h] == null) {
      insert(h, e, hash, value);
    } else {
      entries[2 * h + 1] = value;
    }
  }

  private void insert(int h, Expr e, int hash, int value) {
    keys[h] = e;
    entries[2 * h] = hash;
    entries[2 * h + 1] = value;
    size++;
  }

  private void grow() {
    Expr[] oldKeys = keys;
    int[] oldEntries = entries;
    keys = new Expr[oldKeys.length * 2];
    entries = new int[oldEntries.length * 2];
    rehash(oldKeys, oldEntries);
  }

  /** Inserts every entry of another table into this empty, larger one. */
  private void rehash(Expr[] oldKeys, int[] oldEntries) {
    int mask = keys.length - 1;
    size = 0;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != null) {
        int hash = oldEntries[2 * k];
        int h = hash & mask;
        while (keys[h] != null) {
          h = (h + 1) & mask;
        }
        keys[h] = oldKeys[k];
        entries[2 * h] = hash;
        entries[2 * h + 1] = oldEntries[2 * k + 1];
        size++;
      }
    }
  }

  private static int hash(Expr e) {
    int h = System.identityHashCode(e) * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
