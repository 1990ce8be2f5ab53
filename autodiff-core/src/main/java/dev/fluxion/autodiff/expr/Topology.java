package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct nodes of an expression DAG numbered once in topological order (node {@code i} after
 * its arguments), with each node's arguments as numbers: what sweeps and plans index arrays by
 * instead of looking nodes up in identity maps. Built by one iterative walk in time and memory linear
 * in the nodes and edges (no boxing, no per-node collections). Immutable.
 */
public final class Topology {
  private final Expr[] nodes;
  private final int[] argBase;
  private final int[] argCount;
  private final int[] edges;
  private final IdentityIndex index;
  private final int[] numberOf;

  private Topology(Expr[] nodes, int[] argBase, int[] argCount, int[] edges, IdentityIndex index,
      int[] numberOf) {
    this.nodes = nodes;
    this.argBase = argBase;
    this.argCount = argCount;
    this.edges = edges;
    this.index = index;
    this.numberOf = numberOf;
  }

  /**
   * {@return every distinct node reachable from {@code roots}, each after its arguments, in the order
   * of a depth-first walk that visits arguments left to right (the order of
   * {@link Exprs#topologicalOrder})}
   *
   * <p>One probe of an identity table per edge (it inserts the node when absent): a node is keyed by the order in which
   * the walk discovers it, and an argument's number is written into its reader's edge slot when the
   * argument finishes (an expression is immutable, so a discovered node met again is finished).
   *
   * @param roots the roots, in order
   * @throws IllegalArgumentException if a root is null
   */
  public static Topology of(Expr... roots) {
    Checks.notNull(roots, "roots");
    return new Walk().run(roots);
  }

  /**
   * {@return this topology's nodes followed by the nodes of {@code roots} it lacks: the numbering
   * {@link #of} gives this topology's roots followed by {@code roots}, without walking this one's
   * nodes again} (A plan of a loss and its gradient extends the topology the gradient was built from.)
   *
   * @param roots more roots, in order
   * @throws IllegalArgumentException if a root is null
   */
  public Topology extend(Expr... roots) {
    Checks.notNull(roots, "roots");
    return new Walk(this).run(roots);
  }

  /** The state of one walk: its output arrays and its stack of frames (node, next argument). */
  private static final class Walk {
    private final IdentityIndex index;
    private int[] numberOf;
    private Expr[] nodes;
    private int[] argBase;
    private int[] argCount;
    private int[] edges;
    private int discovered;
    private int finished;
    private int edgeCount;
    private Expr[] frameNode = new Expr[16];
    private int[] frameNext = new int[16];
    private int[] frameBase = new int[16];
    private int[] frameId = new int[16];
    private int top;

    Walk() {
      index = new IdentityIndex(64);
      numberOf = new int[64];
      nodes = new Expr[64];
      argBase = new int[64];
      argCount = new int[64];
      edges = new int[64];
    }

    /**
     * A walk that continues from {@code base}: its nodes are discovered and finished. Sized for
     * {@code base} growing fourfold (a loss's gradient has one to three times its nodes).
     */
    Walk(Topology base) {
      int n = base.nodes.length;
      int capacity = Math.max(64, 4 * n);
      for (int i = 0; i < n; i++) {
        edgeCount += base.argCount[i];
      }
      index = base.index.copy(capacity);
      numberOf = Arrays.copyOf(base.numberOf, capacity);
      nodes = Arrays.copyOf(base.nodes, capacity);
      argBase = Arrays.copyOf(base.argBase, capacity);
      argCount = Arrays.copyOf(base.argCount, capacity);
      edges = Arrays.copyOf(base.edges, Math.max(64, 4 * edgeCount));
      discovered = n;
      finished = n;
    }

    Topology run(Expr[] roots) {
      for (Expr root : roots) {
        if (index.putIfAbsent(Checks.notNull(root, "root"), discovered) != IdentityIndex.ABSENT) {
          continue;
        }
        discover(root);
        while (top > 0) {
          int f = top - 1;
          if (frameNode[f] instanceof Apply a && frameNext[f] < a.args().size()) {
            Expr arg = a.args().get(frameNext[f]);
            int slot = frameBase[f] + frameNext[f]++;
            int id = index.putIfAbsent(arg, discovered);
            if (id == IdentityIndex.ABSENT) {
              discover(arg);
            } else {
              edges[slot] = numberOf[id];
            }
          } else {
            finish(f);
          }
        }
      }
      return new Topology(Arrays.copyOf(nodes, finished), argBase, argCount, edges, index, numberOf);
    }

    /** Pushes {@code e}, just keyed in the index by the next discovery number. */
    private void discover(Expr e) {
      int k = e instanceof Apply a ? a.args().size() : 0;
      if (discovered == numberOf.length) {
        numberOf = Arrays.copyOf(numberOf, discovered * 2);
      }
      if (edgeCount + k > edges.length) {
        edges = Arrays.copyOf(edges, Math.max(edges.length * 2, edgeCount + k));
      }
      if (top == frameNode.length) {
        frameNode = Arrays.copyOf(frameNode, top * 2);
        frameNext = Arrays.copyOf(frameNext, top * 2);
        frameBase = Arrays.copyOf(frameBase, top * 2);
        frameId = Arrays.copyOf(frameId, top * 2);
      }
      frameNode[top] = e;
      frameNext[top] = 0;
      frameBase[top] = edgeCount;
      frameId[top++] = discovered++;
      edgeCount += k;
    }

    private void finish(int f) {
      if (finished == nodes.length) {
        nodes = Arrays.copyOf(nodes, finished * 2);
        argBase = Arrays.copyOf(argBase, finished * 2);
        argCount = Arrays.copyOf(argCount, finished * 2);
      }
      int i = finished++;
      nodes[i] = frameNode[f];
      argBase[i] = frameBase[f];
      argCount[i] = frameNext[f];
      numberOf[frameId[f]] = i;
      frameNode[f] = null;
      top--;
      if (top > 0) {
        edges[frameBase[top - 1] + frameNext[top - 1] - 1] = i;
      }
    }
  }

  /**
   * {@return the numbering of nodes already in topological order (node {@code i} is
   * {@code order.get(i)})}
   *
   * @param order distinct nodes, each after its arguments
   * @throws IllegalArgumentException if a node is null, repeats, or comes before one of its arguments
   */
  public static Topology ofOrder(List<Expr> order) {
    Checks.notNull(order, "order");
    int n = order.size();
    IdentityIndex index = new IdentityIndex(n);
    Expr[] nodes = new Expr[n];
    int[] base = new int[n];
    int[] count = new int[n];
    int[] numberOf = new int[n];
    int edgeCount = 0;
    for (int i = 0; i < n; i++) {
      Expr e = order.get(i);
      if (e == null) {
        throw new IllegalArgumentException("node " + i + " is null");
      }
      if (e instanceof Apply a) {
        edgeCount += a.args().size();
      }
    }
    int[] edges = new int[edgeCount];
    edgeCount = 0;
    for (int i = 0; i < n; i++) {
      Expr e = order.get(i);
      if (index.get(e) != IdentityIndex.ABSENT) {
        throw new IllegalArgumentException("Topology.ofOrder: node " + i + " repeats an earlier node");
      }
      base[i] = edgeCount;
      if (e instanceof Apply a) {
        for (Expr arg : a.args()) {
          int s = index.get(arg);
          if (s == IdentityIndex.ABSENT) {
            throw new IllegalArgumentException("Topology.ofOrder: node " + i + " (" + a.op().name()
                + ") comes before its argument");
          }
          edges[edgeCount++] = s;
        }
      }
      count[i] = edgeCount - base[i];
      index.put(e, i);
      numberOf[i] = i;
      nodes[i] = e;
    }
    return new Topology(nodes, base, count, edges, index, numberOf);
  }

  /** {@return the number of nodes} */
  public int size() {
    return nodes.length;
  }

  /**
   * {@return node {@code i}}
   *
   * @param i {@code 0 <= i < size()}
   * @throws IllegalArgumentException if {@code i} is out of range
   */
  public Expr node(int i) {
    return nodes[checked(i)];
  }

  private int checked(int i) {
    if (i < 0 || i >= nodes.length) {
      throw new IllegalArgumentException("Topology: node " + i + " of " + nodes.length);
    }
    return i;
  }

  /** {@return the nodes in order (an unmodifiable view)} */
  public List<Expr> nodes() {
    return Collections.unmodifiableList(Arrays.asList(nodes));
  }

  /**
   * {@return the number of arguments of node {@code i} (0 for a leaf)}
   *
   * @param i {@code 0 <= i < size()}
   * @throws IllegalArgumentException if {@code i} is out of range
   */
  public int argCount(int i) {
    return argCount[checked(i)];
  }

  /**
   * {@return the number of argument {@code k} of node {@code i}, less than {@code i}}
   *
   * @param i {@code 0 <= i < size()}
   * @param k {@code 0 <= k < argCount(i)}
   * @throws IllegalArgumentException if {@code i} or {@code k} is out of range
   */
  public int arg(int i, int k) {
    if (k < 0 || k >= argCount[checked(i)]) {
      throw new IllegalArgumentException("Topology.arg: node " + i + " has " + argCount[i] + " arguments, not "
          + (k + 1));
    }
    return edges[argBase[i] + k];
  }

  /**
   * {@return the number of node {@code e}, or -1 if it is not one of the nodes}
   *
   * @param e any expression
   */
  public int indexOf(Expr e) {
    int id = index.get(Checks.notNull(e, "e"));
    return id < 0 ? -1 : numberOf[id];
  }

  /**
   * {@return the variables by name, in order of first appearance}
   *
   * @throws IllegalArgumentException if one name appears with two shapes
   */
  public Map<String, Var> variables() {
    Map<String, Var> vars = new LinkedHashMap<>();
    for (Expr n : nodes) {
      if (n instanceof Var v) {
        Var prev = vars.putIfAbsent(v.name(), v);
        if (prev != null && !prev.shape().equals(v.shape())) {
          throw new IllegalArgumentException("variable " + v.name() + " appears with shapes " + prev.shape()
              + " and " + v.shape());
        }
        if (prev != null && prev.dtype() != v.dtype()) {
          throw new IllegalArgumentException("variable " + v.name() + " appears with dtypes " + prev.dtype()
              + " and " + v.dtype());
        }
      }
    }
    return Collections.unmodifiableMap(vars);
  }
}
