package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Topology;

/**
 * The compile-time view of the expressions a plan computes: node {@code i} of the topological order
 * has slot {@code i}, its arguments' slots, and the number of nodes and outputs that read it. What
 * fusion rules match against. Built from the nodes' {@link Topology}, in time and memory linear in the
 * nodes (no boxed slots).
 */
final class Graph {
  private final Topology topology;
  private final int[][] args;
  private final int[] readers;
  private final int[] outputs;
  private final boolean[] isOutput;

  private Graph(Topology t, Expr[] roots) {
    topology = t;
    int n = t.size();
    args = new int[n][];
    readers = new int[n];
    int[] none = new int[0];
    for (int i = 0; i < n; i++) {
      int count = t.argCount(i);
      int[] s = count == 0 ? none : new int[count];
      for (int k = 0; k < count; k++) {
        s[k] = t.arg(i, k);
        readers[s[k]]++;
      }
      args[i] = s;
    }
    outputs = new int[roots.length];
    isOutput = new boolean[n];
    for (int k = 0; k < roots.length; k++) {
      outputs[k] = t.indexOf(roots[k]);
      readers[outputs[k]]++;
      isOutput[outputs[k]] = true;
    }
  }

  /** {@return the graph of {@code roots}, the plan's outputs in order} */
  static Graph of(Expr[] roots) {
    return new Graph(Topology.of(roots), roots);
  }

  /** {@return the graph of {@code roots}, numbered as {@code t}, which holds every root and its nodes} */
  static Graph of(Topology t, Expr[] roots) {
    return new Graph(t, roots);
  }

  /** {@return the number of nodes} */
  int size() {
    return args.length;
  }

  /** {@return node {@code i}} */
  Expr node(int i) {
    return topology.node(i);
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
