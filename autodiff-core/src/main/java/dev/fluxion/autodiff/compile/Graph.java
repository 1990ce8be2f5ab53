package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compile-time view of the expressions a plan computes: node {@code i} of the topological order
 * has slot {@code i}, its arguments' slots, and the number of nodes and outputs that read it. What
 * fusion rules match against.
 */
final class Graph {
  private final Expr[] nodes;
  private final int[][] args;
  private final int[] readers;
  private final int[] outputs;
  private final boolean[] isOutput;

  private Graph(Expr[] roots) {
    List<Expr> order = Exprs.topologicalOrder(roots);
    nodes = order.toArray(new Expr[0]);
    Map<Expr, Integer> slot = new IdentityHashMap<>(nodes.length * 2);
    for (int i = 0; i < nodes.length; i++) {
      slot.put(nodes[i], i);
    }
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
}
