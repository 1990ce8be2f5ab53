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
  private static final int VISITING = -2;

  private final Expr[] nodes;
  private final int[] argStart;
  private final int[] argSlots;
  private final IdentityIndex index;

  private Topology(Expr[] nodes, int[] argStart, int[] argSlots, IdentityIndex index) {
    this.nodes = nodes;
    this.argStart = argStart;
    this.argSlots = argSlots;
    this.index = index;
  }

  /**
   * {@return every distinct node reachable from {@code roots}, each after its arguments, in the order
   * of a depth-first walk that visits arguments left to right (the order of
   * {@link Exprs#topologicalOrder})}
   *
   * @param roots the roots, in order
   * @throws IllegalArgumentException if a root is null
   */
  public static Topology of(Expr... roots) {
    Checks.notNull(roots, "roots");
    IdentityIndex index = new IdentityIndex(64);
    Expr[] order = new Expr[64];
    int[] start = new int[65];
    int[] slots = new int[64];
    int n = 0;
    int edges = 0;
    Expr[] stack = new Expr[16];
    for (Expr root : roots) {
      int top = 0;
      stack[top++] = Checks.notNull(root, "root");
      while (top > 0) {
        Expr e = stack[top - 1];
        int state = index.get(e);
        if (state == IdentityIndex.ABSENT) {
          index.put(e, VISITING);
          if (e instanceof Apply a) {
            List<Expr> in = a.args();
            for (int k = in.size() - 1; k >= 0; k--) {
              if (index.get(in.get(k)) == IdentityIndex.ABSENT) {
                if (top == stack.length) {
                  stack = Arrays.copyOf(stack, top * 2);
                }
                stack[top++] = in.get(k);
              }
            }
          }
          continue;
        }
        top--;
        if (state != VISITING) {
          continue;
        }
        if (n == order.length) {
          order = Arrays.copyOf(order, n * 2);
          start = Arrays.copyOf(start, n * 2 + 1);
        }
        if (e instanceof Apply a) {
          List<Expr> in = a.args();
          if (edges + in.size() > slots.length) {
            slots = Arrays.copyOf(slots, Math.max(slots.length * 2, edges + in.size()));
          }
          for (Expr arg : in) {
            slots[edges++] = index.get(arg);
          }
        }
        index.put(e, n);
        order[n++] = e;
        start[n] = edges;
      }
    }
    return new Topology(Arrays.copyOf(order, n), Arrays.copyOf(start, n + 1), slots, index);
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
    int[] start = new int[n + 1];
    int edges = 0;
    for (int i = 0; i < n; i++) {
      Expr e = Checks.notNull(order.get(i), "node " + i);
      if (e instanceof Apply a) {
        edges += a.args().size();
      }
    }
    int[] slots = new int[edges];
    edges = 0;
    for (int i = 0; i < n; i++) {
      Expr e = order.get(i);
      if (index.get(e) != IdentityIndex.ABSENT) {
        throw new IllegalArgumentException("Topology.ofOrder: node " + i + " repeats an earlier node");
      }
      if (e instanceof Apply a) {
        for (Expr arg : a.args()) {
          int s = index.get(arg);
          if (s == IdentityIndex.ABSENT) {
            throw new IllegalArgumentException("Topology.ofOrder: node " + i + " (" + a.op().name()
                + ") comes before its argument");
          }
          slots[edges++] = s;
        }
      }
      index.put(e, i);
      nodes[i] = e;
      start[i + 1] = edges;
    }
    return new Topology(nodes, start, slots, index);
  }

  /** {@return the number of nodes} */
  public int size() {
    return nodes.length;
  }

  /**
   * {@return node {@code i}}
   *
   * @param i {@code 0 <= i < size()}
   */
  public Expr node(int i) {
    return nodes[i];
  }

  /** {@return the nodes in order (an unmodifiable view)} */
  public List<Expr> nodes() {
    return Collections.unmodifiableList(Arrays.asList(nodes));
  }

  /**
   * {@return the number of arguments of node {@code i} (0 for a leaf)}
   *
   * @param i {@code 0 <= i < size()}
   */
  public int argCount(int i) {
    return argStart[i + 1] - argStart[i];
  }

  /**
   * {@return the number of argument {@code k} of node {@code i}, less than {@code i}}
   *
   * @param i {@code 0 <= i < size()}
   * @param k {@code 0 <= k < argCount(i)}
   */
  public int arg(int i, int k) {
    return argSlots[argStart[i] + k];
  }

  /**
   * {@return the number of node {@code e}, or -1 if it is not one of the nodes}
   *
   * @param e any expression
   */
  public int indexOf(Expr e) {
    int i = index.get(Checks.notNull(e, "e"));
    return i < 0 ? -1 : i;
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
      }
    }
    return Collections.unmodifiableMap(vars);
  }
}
