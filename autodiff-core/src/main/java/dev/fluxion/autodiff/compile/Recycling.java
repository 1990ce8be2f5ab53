package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Broadcast;
import dev.fluxion.autodiff.op.LogSoftmax;
import dev.fluxion.autodiff.op.Matmul;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Permute;
import dev.fluxion.autodiff.op.ReshapeOp;
import dev.fluxion.autodiff.op.Softmax;
import dev.fluxion.autodiff.op.Sum;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Reuse of a plan's dead temporaries, within a run and across runs: when a slot dies, its array goes
 * to a pool of its size class, and an elementwise chain writes a later output of that class into an
 * array from the pool instead of a new one (a training step's 2 MB activations were allocated and
 * zeroed afresh every step). A slot's array returns to the pool only if, as for {@link Donation}, the
 * run made it alone and nobody else can see it:
 *
 * <ul>
 *   <li>a fresh step wrote it ({@link Donation#fresh}), or a built-in op whose kernel always returns a new
 *       array ({@code matmul}, {@code softmax}, {@code sum}, {@code permute}, ...), in a float dtype: never
 *       an input, a constant, or another kernel's result, which may be a view or a tensor it holds;
 *   <li>it returns when the last of the slots sharing it dies: a {@code reshape} (or a broadcast to the
 *       same shape) is its argument's array under another shape;
 *   <li>no other op kernel reads any of those slots (it may have made a view), none is a plan output,
 *       and no chain takes one over by donation (its array then lives on as the chain's output).
 * </ul>
 *
 * Chains overwrite a given array whole, so values are unchanged bit for bit. A class keeps at most as
 * many arrays as its chains take in one run, so the pool never grows beyond one run's temporaries. A
 * run checks the pool out and back in, so concurrent runs of one plan never share an array (a run that
 * finds it checked out starts with an empty one).
 */
final class Recycling {
  /** Below this many elements an array is cheaper to allocate than to track. */
  static final int MIN_SIZE = 1 << 12;

  /** Per slot, the class its array returns to when it dies, or -1. */
  private final int[] returns;
  /** Per step, per output of a chain, the class its array is taken from (-1: a new array); null for other steps. */
  private final int[][] takes;
  /** Per class, the most arrays one run takes (the pool's bound) and the length of its arrays. */
  private final int[] cap;
  private final int[] length;
  private final AtomicReference<@Nullable Pool> idle = new AtomicReference<>();
  /** How many outputs the last run that checked its pool in wrote into recycled arrays (for tests). */
  private volatile int lastTaken;

  private Recycling(int[] returns, int[][] takes, int[] cap, int[] length) {
    this.returns = returns;
    this.takes = takes;
    this.cap = cap;
    this.length = length;
  }

  /** {@return the recycling of a plan's run of {@code steps} over graph {@code g}} */
  static Recycling of(Graph g, Step[] steps, int[][] releaseAfter) {
    int n = g.size();
    int[] group = new int[n];
    for (int i = 0; i < n; i++) {
      group[i] = i;
    }
    boolean[] fresh = new boolean[n];
    boolean[] blocked = new boolean[n];
    for (Step s : steps) {
      if (Donation.fresh(s)) {
        for (int w : s.writes()) {
          fresh[w] = true;
        }
      } else if (s instanceof Step.Kernel k && aliases(g, k)) {
        group[k.out()] = root(group, k.args()[0]);
      } else if (s instanceof Step.Kernel k && makesFresh(k)) {
        fresh[k.out()] = true;
      } else {
        for (int r : s.reads()) {
          blocked[r] = true;
        }
      }
      if (s instanceof Step.Chain c) {
        for (int d : c.program().donors()) {
          if (d >= 0) {
            blocked[c.inputs()[d]] = true;
          }
        }
      }
    }
    for (int o : g.outputs()) {
      blocked[o] = true;
    }
    int[] dies = new int[n];
    Arrays.fill(dies, -1);
    for (int k = 0; k < releaseAfter.length; k++) {
      for (int s : releaseAfter[k]) {
        dies[s] = k;
      }
    }
    // Per group (by its root, the slot whose step made the array): its last death, and whether it may return.
    int[] last = new int[n];
    int[] lastSlot = new int[n];
    boolean[] bad = new boolean[n];
    Arrays.fill(last, -1);
    for (int s = 0; s < n; s++) {
      int r = root(group, s);
      if (r == s && !fresh[s]) {
        bad[r] = true;
      }
      bad[r] |= blocked[s];
      if (dies[s] > last[r]) {
        last[r] = dies[s];
        lastSlot[r] = s;
      }
    }
    Map<Long, Integer> classOf = new HashMap<>();
    List<Integer> lengths = new ArrayList<>();
    int[] returns = new int[n];
    Arrays.fill(returns, -1);
    for (int r = 0; r < n; r++) {
      Expr e = g.node(r);
      if (root(group, r) == r && fresh[r] && !bad[r] && last[r] >= 0 && e.dtype().isFloat()
          && e.shape().size() >= MIN_SIZE) {
        returns[lastSlot[r]] = classOf.computeIfAbsent(key(e), x -> {
          lengths.add(e.shape().size());
          return lengths.size() - 1;
        });
      }
    }
    int[] cap = new int[lengths.size()];
    int[][] takes = new int[steps.length][];
    for (int k = 0; k < steps.length; k++) {
      if (steps[k] instanceof Step.Chain c) {
        int[] donors = c.program().donors();
        takes[k] = new int[c.outputs().length];
        for (int o = 0; o < takes[k].length; o++) {
          Integer cls = donors[o] >= 0 ? null : classOf.get(key(g.node(c.outputs()[o])));
          takes[k][o] = cls == null ? -1 : cls;
          if (cls != null) {
            cap[cls]++;
          }
        }
      }
    }
    return new Recycling(returns, takes, cap, lengths.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int root(int[] group, int s) {
    while (group[s] != s) {
      s = group[s];
    }
    return s;
  }

  /** {@return whether kernel step {@code k} returns a tensor on its argument's array (a reshape, a broadcast to the same shape)} */
  private static boolean aliases(Graph g, Step.Kernel k) {
    Op op = k.op();
    return op instanceof ReshapeOp
        || op instanceof Broadcast && g.node(k.args()[0]).shape().equals(g.node(k.out()).shape());
  }

  /**
   * {@return whether kernel step {@code k}'s op is one of the built-in ops whose kernel always returns a
   * new array it keeps no reference to, and keeps none to its arguments} Other ops' kernels (custom ops
   * among them) may return a view, an argument, or a tensor they hold: their arguments never return.
   */
  private static boolean makesFresh(Step.Kernel k) {
    Op op = k.op();
    return op instanceof Matmul || op instanceof Softmax || op instanceof LogSoftmax || op instanceof Sum
        || op instanceof Permute || op instanceof Broadcast;
  }

  private static long key(Expr e) {
    return 2L * e.shape().size() + (e.dtype() == DType.FLOAT32 ? 1 : 0);
  }

  /** {@return how many chain outputs may take an array from the pool} */
  int takers() {
    int n = 0;
    for (int[] t : takes) {
      for (int c : t == null ? new int[0] : t) {
        n += c >= 0 ? 1 : 0;
      }
    }
    return n;
  }

  /** {@return the pool for one run: the plan's, unless another run has it} */
  Pool checkOut() {
    Pool p = idle.getAndSet(null);
    if (p == null) {
      return new Pool(cap.length);
    }
    p.taken = 0;
    return p;
  }

  /** Gives the pool back after a run. */
  void checkIn(Pool p) {
    lastTaken = p.taken;
    idle.set(p);
  }

  /** {@return how many chain outputs the last run checked in wrote into recycled arrays} */
  int lastTaken() {
    return lastTaken;
  }

  /** {@return per output of chain step {@code k}, an array from the pool or null; null if {@code k} is no chain} */
  Object @Nullable [] given(Pool p, int k) {
    int[] t = takes[k];
    if (t == null) {
      return null;
    }
    Object[] given = new Object[t.length];
    for (int o = 0; o < t.length; o++) {
      given[o] = t[o] < 0 ? null : p.free[t[o]].pollLast();
      p.taken += given[o] == null ? 0 : 1;
    }
    return given;
  }

  /** Returns the array of slot {@code s}'s tensor {@code t}, which has just died, to the pool if it may. */
  void release(Pool p, int s, @Nullable Tensor t) {
    int c = returns[s];
    if (c < 0 || t == null || p.free[c].size() >= cap[c]) {
      return;
    }
    Object a = t.dtype() == DType.FLOAT32 ? Storage.floats(t) : Storage.raw(t);
    if ((a instanceof float[] f ? f.length : ((double[]) a).length) == length[c]) {
      p.free[c].addLast(a);
    }
  }

  /** The free arrays of each class, the most recently freed last (still warm in the caches). */
  static final class Pool {
    private final ArrayDeque<Object>[] free;
    private int taken;

    @SuppressWarnings("unchecked")
    private Pool(int classes) {
      free = new ArrayDeque[classes];
      for (int c = 0; c < classes; c++) {
        free[c] = new ArrayDeque<>();
      }
    }
  }
}
