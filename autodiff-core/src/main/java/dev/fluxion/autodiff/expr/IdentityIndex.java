package dev.fluxion.autodiff.expr;

/**
 * Node identity to a non-negative int by open addressing (linear probing, load at most one half): no
 * boxing and no entry objects, unlike an {@code IdentityHashMap<Expr, Integer>}.
 */
final class IdentityIndex {
  /** What {@link #get} returns for a node never put. */
  static final int ABSENT = -1;

  private Expr[] keys;
  private int[] values;
  private int size;

  /** An empty index sized for about {@code expected} nodes. */
  IdentityIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
    keys = new Expr[capacity];
    values = new int[capacity];
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
    int mask = keys.length - 1;
    int h = hash(e) & mask;
    while (keys[h] != null && keys[h] != e) {
      h = (h + 1) & mask;
    }
    if (keys[h] == null) {
      keys[h] = e;
      size++;
    }
    values[h] = value;
  }

  private void grow() {
    Expr[] oldKeys = keys;
    int[] oldValues = values;
    keys = new Expr[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    size = 0;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != null) {
        put(oldKeys[k], oldValues[k]);
      }
    }
  }

  private static int hash(Expr e) {
    int h = System.identityHashCode(e) * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
