package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compile-time view of the expressions a plan computes: node {@code i} of the topological order
 * has slot {@code i}, its arguments' slots, and the number of nodes and outputs that read it. What
 * fusion rules match against. Built in time and memory linear in the nodes (no boxed slots).
 */
final class Graph {
  private final Expr[] nodes;
  private final int[][] args;
  private final int[] readers;
  private final int[] outputs;
  private final boolean[] isOutput;

  private Graph(Expr[] roots) {
    Slots slot = new Slots();
    nodes = topologicalOrder(roots, slot);
    args = new int[nodes.length][];
    readers = new int[nodes.length];
    int[] none = new int[0];
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] instanceof Apply a) {
        List<Expr> in = a.args();
        int[] s = new int[in.size()];
        for (int k = 0; k < s.length; k++) {
          s[k] = slot.get(in.get(k));
          readers[s[k]]++;
        }
        args[i] = s;
      } else {
        args[i] = none;
      }
    }
    outputs = new int[roots.length];
    isOutput = new boolean[nodes.length];
    for (int k = 0; k < roots.length; k++) {
      outputs[k] = slot.get(roots[k]);
      readers[outputs[k]]++;
      isOutput[outputs[k]] = true;
    }
  }

  /** {@return the graph of {@code roots}, the plan's outputs in order} */
  static Graph of(Expr[] roots) {
    return new Graph(roots);
  }

  /** {@return the number of nodes} */
  int size() {
    return nodes.length;
  }

  /** {@return node {@code i}} */
  Expr node(int i) {
    return nodes[i];
  }

  /** {@return the slots of node {@code i}'s arguments (empty for a leaf); do not modify} */
  int[] args(int i) {
    return args[i];
  }

  /** {@return the slot of argument {@code k} of node {@code i}} */
  int arg(int i, int k) {
    return args[i][k];
  }

  /** {@return how many nodes and outputs read node {@code i}} */
  int readers(int i) {
    return readers[i];
  }

  /** {@return the output slots, in order; do not modify} */
  int[] outputs() {
    return outputs;
  }

  /** {@return whether node {@code i} is an output} */
  boolean isOutput(int i) {
    return isOutput[i];
  }

  /**
   * {@return every distinct node of {@code roots}, each after its arguments (the order of
   * {@code Exprs.topologicalOrder}), recording each node's position in {@code slot}}
   */
  private static Expr[] topologicalOrder(Expr[] roots, Slots slot) {
    List<Expr> order = new ArrayList<>();
    Expr[] stack = new Expr[16];
    for (Expr root : roots) {
      int top = 0;
      stack[top++] = root;
      while (top > 0) {
        Expr e = stack[top - 1];
        int state = slot.get(e);
        if (state == Slots.ABSENT) {
          slot.put(e, Slots.VISITING);
          if (e instanceof Apply a) {
            List<Expr> in = a.args();
            for (int k = in.size() - 1; k >= 0; k--) {
              if (slot.get(in.get(k)) == Slots.ABSENT) {
                if (top == stack.length) {
                  stack = Arrays.copyOf(stack, top * 2);
                }
                stack[top++] = in.get(k);
              }
            }
          }
        } else {
          top--;
          if (state == Slots.VISITING) {
            slot.put(e, order.size());
            order.add(e);
          }
        }
      }
    }
    return order.toArray(new Expr[0]);
  }

  /** Node identity to an int, by open addressing: no boxing, no entry objects. */
  private static final class Slots {
    static final int ABSENT = -1;
    static final int VISITING = -2;
    private Expr[] keys = new Expr[64];
    private int[] values = new int[64];
    private int size;

    int get(Expr e) {
      int mask = keys.length - 1;
      for (int h = hash(e) & mask; keys[h] != null; h = (h + 1) & mask) {
        if (keys[h] == e) {
          return values[h];
        }
      }
      return ABSENT;
    }

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
}
