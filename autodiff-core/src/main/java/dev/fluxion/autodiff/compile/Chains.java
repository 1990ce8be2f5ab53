package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Add;
import dev.fluxion.autodiff.op.Binary;
import dev.fluxion.autodiff.op.Broadcast;
import dev.fluxion.autodiff.op.Div;
import dev.fluxion.autodiff.op.MaskedMul;
import dev.fluxion.autodiff.op.Mul;
import dev.fluxion.autodiff.op.Neg;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Relu;
import dev.fluxion.autodiff.op.Sub;
import dev.fluxion.autodiff.op.Unary;
import dev.fluxion.autodiff.op.Where;
import dev.fluxion.autodiff.tensor.internal.Pointwise;
import dev.fluxion.autodiff.tensor.internal.Spread;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Elementwise chains: maximal connected groups of elementwise nodes of one shape (unary ops, binary
 * ops, {@code where}; no earlier rule matches them) that run as one {@link Pointwise} pass. A node
 * joins the group of its readers when every node that reads it is in that one group, so a group's
 * intermediates are read only inside it; a member that is also a plan output is written out too.
 * Operands from outside are tensors of the group's shape, broadcasts to it of size-1 tensors (read as
 * one number) or of tensors spread along a block of its axes (read in place, {@link Spread}: a layer
 * norm's {@code [N, T, 1]} statistics and {@code [D]} gain), or constants that hold one number everywhere. Groups form in one pass, in reverse
 * topological order, and are convex: no path leaves a group and comes back. Scalars (one element)
 * stay op by op: scientific code's scalar graphs run faster that way.
 */
final class Chains {
  /** Below this many elements a pass costs more to set up than the op-by-op kernels it replaces. */
  static final int MIN_SIZE = 2;
  /**
   * From this many elements a lone elementwise node runs as a chain of one too: a pass runs on the
   * pool in tiles, where the op's kernel runs on one thread.
   */
  static final int LONE_SIZE = 1 << 15;

  private final Step.Chain[] chainOf;

  private Chains(Step.Chain[] chainOf) {
    this.chainOf = chainOf;
  }

  /** {@return the chain containing node {@code i}, if it is in one of two or more nodes or a large lone one} */
  @Nullable Step step(int i) {
    return chainOf[i];
  }

  /** {@return the chains of {@code g}, among the nodes no rule before chains matches in {@code c}} */
  static Chains of(Graph g, Rules.Context c) {
    int n = g.size();
    int[][] reads = new int[n][];
    boolean[] candidate = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (g.node(i) instanceof Apply) {
        Step early = c.early(i);
        reads[i] = early == null ? g.args(i) : early.reads();
        candidate[i] = early == null;
      } else {
        reads[i] = g.args(i);
      }
    }
    boolean[] needed = new boolean[n];
    for (int o : g.outputs()) {
      needed[o] = true;
    }
    int[] readerCount = new int[n + 1];
    for (int i = n - 1; i >= 0; i--) {
      if (needed[i]) {
        for (int r : reads[i]) {
          needed[r] = true;
          readerCount[r + 1]++;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      readerCount[i + 1] += readerCount[i];
    }
    int[] readerOf = new int[readerCount[n]];
    int[] fill = Arrays.copyOf(readerCount, n);
    boolean[] eligible = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (needed[i]) {
        eligible[i] = candidate[i] && isElementwise(g.node(i));
        for (int r : reads[i]) {
          readerOf[fill[r]++] = i;
        }
      }
    }
    int[] group = new int[n];
    Arrays.fill(group, -1);
    int[] members = new int[n];
    for (int i = n - 1; i >= 0; i--) {
      if (!eligible[i]) {
        continue;
      }
      int joined = readerCount[i] < readerCount[i + 1] ? group[readerOf[readerCount[i]]] : -1;
      for (int k = readerCount[i]; k < readerCount[i + 1] && joined >= 0; k++) {
        if (group[readerOf[k]] != joined) {
          joined = -1;
        }
      }
      group[i] = joined >= 0 ? joined : i;
      members[group[i]]++;
    }
    int[] start = new int[n + 1];
    for (int i = 0; i < n; i++) {
      if (group[i] >= 0 && kept(g, group[i], members)) {
        start[group[i] + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    int[] sorted = new int[start[n]];
    int[] at = Arrays.copyOf(start, n);
    for (int i = 0; i < n; i++) {
      if (group[i] >= 0 && kept(g, group[i], members)) {
        sorted[at[group[i]]++] = i;
      }
    }
    Step.Chain[] chainOf = new Step.Chain[n];
    int[] value = new int[n];
    int[] stamp = new int[n];
    Arrays.fill(stamp, -1);
    for (int root = 0; root < n; root++) {
      if (start[root + 1] > start[root]) {
        int[] m = Arrays.copyOfRange(sorted, start[root], start[root + 1]);
        Step.Chain chain = build(g, m, group, value, stamp, root);
        for (int i : m) {
          chainOf[i] = chain;
        }
      }
    }
    return new Chains(chainOf);
  }

  /** {@return whether the group rooted at {@code root} runs as a chain} */
  private static boolean kept(Graph g, int root, int[] members) {
    return members[root] >= 2 || members[root] == 1 && g.node(root).shape().size() >= LONE_SIZE;
  }

  /** {@return whether {@code e} is an elementwise node whose operands all fit its shape} */
  private static boolean isElementwise(Expr e) {
    Apply a = (Apply) e;
    Op op = a.op();
    if (!(op instanceof Unary || op instanceof Neg || op instanceof Binary || op instanceof Where)
        || a.shape().size() < MIN_SIZE) {
      return false;
    }
    for (Expr arg : a.args()) {
      if (!arg.shape().equals(a.shape())
          && !(arg instanceof Apply b && b.op() instanceof Broadcast && b.arg(0).shape().size() == 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@return the broadcast {@code e} if a pass reads its operand in place: one number, or a block of
   * the axes ({@link Spread}); else null}
   */
  private static @Nullable Apply spreadSource(Expr e) {
    return e instanceof Apply b && b.op() instanceof Broadcast
        && (b.arg(0).shape().size() == 1 || Spread.fits(b.shape(), b.arg(0).shape())) ? b : null;
  }

  /** {@return the one number every element of constant {@code e} holds (as raw bits), or null} */
  private static @Nullable Double uniform(Expr e) {
    if (!(e instanceof Const c)) {
      return null;
    }
    double[] v = c.value().toArray();
    for (double x : v) {
      if (Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits(v[0])) {
        return null;
      }
    }
    return v.length == 0 ? null : v[0];
  }

  /**
   * The chain of members {@code m} (ascending, the root last): an outside operand becomes an input
   * (a broadcast of one number or of a block of axes is read unbroadcast) or, if it holds one number,
   * a constant.
   * {@code value} and {@code stamp} are per-slot scratch; {@code id} marks this chain in {@code stamp}.
   */
  private static Step.Chain build(Graph g, int[] m, int[] group, int[] value, int[] stamp, int id) {
    int root = m[m.length - 1];
    List<Integer> inputs = new ArrayList<>();
    List<Double> constants = new ArrayList<>();
    for (int i : m) {
      for (int s : g.args(i)) {
        if (group[s] == root || stamp[s] == id) {
          continue;
        }
        stamp[s] = id;
        Double u = uniform(g.node(s));
        if (u != null) {
          constants.add(u);
          value[s] = -constants.size();
        } else {
          Apply b = spreadSource(g.node(s));
          value[s] = inputs.size();
          inputs.add(b == null ? s : g.arg(s, 0));
        }
      }
    }
    int base = inputs.size();
    List<Pointwise.Instr> code = new ArrayList<>();
    for (double c : constants) {
      code.add(Pointwise.constant(c));
    }
    List<Integer> outputs = new ArrayList<>();
    List<Integer> outputValues = new ArrayList<>();
    for (int j = 0; j < m.length; j++) {
      int i = m[j];
      int[] args = g.args(i);
      int[] v = new int[args.length];
      for (int k = 0; k < v.length; k++) {
        int x = value[args[k]];
        v[k] = x < 0 ? base - x - 1 : x;
      }
      value[i] = base + constants.size() + j;
      code.add(instr(((Apply) g.node(i)).op(), v));
      if (i == root || g.isOutput(i)) {
        outputs.add(i);
        outputValues.add(value[i]);
      }
    }
    Shape shape = g.node(root).shape();
    Pointwise p = Pointwise.of(shape, base, code, outputValues.stream().mapToInt(Integer::intValue).toArray());
    return new Step.Chain(p, inputs.stream().mapToInt(Integer::intValue).toArray(),
        outputs.stream().mapToInt(Integer::intValue).toArray(), root, m.length);
  }

  /** {@return the instruction computing {@code op} of the values {@code v}: its own loop, or its scalar kernel} */
  private static Pointwise.Instr instr(Op op, int[] v) {
    return switch (op) {
      case Add x -> Pointwise.add(v[0], v[1]);
      case Sub x -> Pointwise.sub(v[0], v[1]);
      case Mul x -> Pointwise.mul(v[0], v[1]);
      case Div x -> Pointwise.div(v[0], v[1]);
      case MaskedMul x -> Pointwise.maskedMul(v[0], v[1]);
      case Relu x -> Pointwise.relu(v[0]);
      case dev.fluxion.autodiff.op.Step x -> Pointwise.step(v[0]);
      case Neg x -> Pointwise.neg(v[0]);
      case dev.fluxion.autodiff.op.Sqrt x -> Pointwise.sqrt(v[0]);
      case dev.fluxion.autodiff.op.Exp x -> Pointwise.exp(v[0]);
      case dev.fluxion.autodiff.op.Erf x -> Pointwise.erf(v[0]);
      case Unary x -> Pointwise.map(x::scalar, v[0]);
      case Binary x -> Pointwise.zip(x::scalar, v[0], v[1]);
      case Where x -> Pointwise.where(v[0], v[1], v[2]);
      default -> throw new IllegalStateException("not elementwise: " + op.name());
    };
  }
}
