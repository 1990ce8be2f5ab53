package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Storage;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The hash-consing table behind {@link Apply#of}: every live node by its key, the op and the
 * arguments, so that building {@code op(args)} again returns the node already built.
 *
 * <p>Leaves are made canonical first: an argument that is a variable, or a constant of at most
 * {@value #SMALL} elements, is replaced by the live leaf equal to it (variables by
 * {@link Var#equals}, constants by dtype, shape and bit pattern, so {@code -0.0} and {@code 0.0}
 * differ, as do NaNs with different payloads). Larger constants stay themselves, so no build reads
 * a large tensor. Arguments of a key then compare by identity only, and a key's hash is the op's
 * hash and the arguments' identity hashes: O(arity), and no walk of the DAG ever happens.
 *
 * <p>The table holds its entries weakly and nothing else: a node no one holds any more is
 * collected with its whole unreachable subgraph in one cycle, and its entry is removed on a later
 * build (or by {@link #size}). Structure is deterministic whatever the collector does: of two
 * nodes (or leaves) with the same key reachable at one time, the later is the earlier, and a
 * collected one can no longer be told apart from a new one.
 */
final class Interner {
  /** Constants up to this many elements are made canonical and compare by value. */
  static final int SMALL = 16;

  private static final ConcurrentHashMap<Ref, Ref> TABLE = new ConcurrentHashMap<>();
  private static final ReferenceQueue<Expr> COLLECTED = new ReferenceQueue<>();
  private static final ThreadLocal<int[]> OFF = ThreadLocal.withInitial(() -> new int[1]);
  /** The number of {@link #unshared} scopes open on any thread: zero lets a build skip the thread-local. */
  private static volatile int offScopes;

  private Interner() {}

  /** A weak entry: a node or leaf, its hash, and key equality with another live entry. */
  private static final class Ref extends WeakReference<Expr> {
    private final int hash;

    Ref(Expr e, int hash, @Nullable ReferenceQueue<Expr> queue) {
      super(e, queue);
      this.hash = hash;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      if (!(o instanceof Ref r) || r.hash != hash) {
        return false;
      }
      Expr a = get();
      Expr b = r.get();
      return a != null && b != null && sameKey(a, b);
    }
  }

  /** {@return whether builds on this thread share nodes (not inside {@link #unshared})} */
  static boolean sharing() {
    return offScopes == 0 || OFF.get()[0] == 0;
  }

  /** {@return the live node with {@code node}'s key if there is one, else {@code node}, now in the table} */
  static Apply intern(Apply node) {
    return (Apply) put(node, keyHash(node.op(), node.args()));
  }

  /**
   * {@return the live leaf equal to {@code e} if {@code e} is a variable or a small constant and
   * one is live, else {@code e} (then the canonical one while it lives); an application unchanged}
   */
  static Expr canonical(Expr e) {
    if (e instanceof Apply || e instanceof Const c && c.value().size() > SMALL) {
      return e;
    }
    int hash = leafHash(e);
    Ref live = TABLE.get(new Ref(e, hash, null));
    Expr found = live == null ? null : live.get();
    return found != null ? found : put(e, hash);
  }

  private static Expr put(Expr e, int hash) {
    drain();
    Ref ref = new Ref(e, hash, COLLECTED);
    while (true) {
      Ref old = TABLE.putIfAbsent(ref, ref);
      if (old == null) {
        return e;
      }
      Expr existing = old.get();
      if (existing != null) {
        return existing;
      }
      TABLE.remove(old, old);
    }
  }

  /** {@return what {@code build} returns, every node it builds a new one: sharing off on this thread} */
  static <T> T unshared(Supplier<T> build) {
    int[] depth = OFF.get();
    synchronized (Interner.class) {
      offScopes++;
    }
    depth[0]++;
    try {
      return build.get();
    } finally {
      depth[0]--;
      synchronized (Interner.class) {
        offScopes--;
      }
    }
  }

  /** {@return the number of entries (nodes and leaves) once those of collected ones are removed} */
  static int size() {
    drain();
    return TABLE.size();
  }

  private static void drain() {
    for (Reference<? extends Expr> r; (r = COLLECTED.poll()) != null; ) {
      TABLE.remove(r, r);
    }
  }

  /**
   * {@return the key hash of {@code op(args)}: the op's hash and the arguments' identity hashes, O(arity)}
   *
   * <p>Identity hashes, not hashes of the arguments' own keys: the arguments are canonical, and a
   * hash computed from the children's hashes repeats along a chain ({@code z = z + sin(z) * a}
   * makes it a linear map with an even factor that reaches a fixed point in a few steps), which
   * would put a long chain's nodes into one bucket.
   */
  static int keyHash(Object op, List<Expr> args) {
    int h = op.hashCode();
    for (Expr a : args) {
      h = 31 * h + System.identityHashCode(a);
    }
    return h;
  }

  private static int leafHash(Expr e) {
    return e instanceof Const c ? bitsHash(c.value()) : e.hashCode();
  }

  private static boolean sameKey(Expr a, Expr b) {
    return switch (a) {
      case Apply x -> b instanceof Apply y && x.op().equals(y.op()) && sameArgs(x.args(), y.args());
      case Var v -> v.equals(b);
      case Const c -> b instanceof Const d && sameBits(c.value(), d.value());
    };
  }

  private static boolean sameArgs(List<Expr> x, List<Expr> y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (x.get(i) != y.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameBits(Tensor s, Tensor t) {
    if (s.dtype() != t.dtype() || !s.shape().equals(t.shape())) {
      return false;
    }
    if (s.dtype() == DType.INT32) {
      return java.util.Arrays.equals(Storage.ints(s), Storage.ints(t));
    }
    if (s.dtype() == DType.FLOAT32) {
      float[] a = Storage.floats(s);
      float[] b = Storage.floats(t);
      for (int i = 0; i < a.length; i++) {
        if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
          return false;
        }
      }
      return true;
    }
    double[] a = Storage.raw(s);
    double[] b = Storage.raw(t);
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static int bitsHash(Tensor t) {
    int h = 31 * t.dtype().ordinal() + t.shape().hashCode();
    if (t.dtype() == DType.INT32) {
      return 31 * h + java.util.Arrays.hashCode(Storage.ints(t));
    }
    if (t.dtype() == DType.FLOAT32) {
      for (float f : Storage.floats(t)) {
        h = 31 * h + Float.floatToRawIntBits(f);
      }
      return h;
    }
    for (double d : Storage.raw(t)) {
      h = 31 * h + Long.hashCode(Double.doubleToRawLongBits(d));
    }
    return h;
  }
}
