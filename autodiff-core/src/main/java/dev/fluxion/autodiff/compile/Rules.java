package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Add;
import dev.fluxion.autodiff.op.Broadcast;
import dev.fluxion.autodiff.op.Conv2d;
import dev.fluxion.autodiff.op.MaskedMul;
import dev.fluxion.autodiff.op.Matmul;
import dev.fluxion.autodiff.op.MaxPool2dScatter;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Permute;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which step computes a node: one ordered list of rules {@code node → step or null}, tried top to
 * bottom, the first match wins (tinygrad's pattern table); the op's own kernel is the last rule and
 * always matches. Each rule names the op class it can match at the node's root, so a node tries only
 * the rules of its op (looked up once per op class), and no rule allocates unless it matches. A fused step reads an earlier node instead of an intermediate (the untransposed
 * matrix, the unbroadcast bias, the point of a step mask); an intermediate nothing else reads is
 * then dead and never runs. Every fused step computes its nodes' formulas operation by operation, so
 * plans equal the eager path bit for bit.
 */
final class Rules {
  /** The step that computes node {@code i} of {@code c}'s graph, or null if the rule does not apply. */
  @FunctionalInterface
  interface Matcher {
    @Nullable Step match(Context c, int i);
  }

  /** A rule: its matcher, tried only on nodes whose op is an instance of {@code root}. */
  record Rule(Class<? extends Op> root, Matcher matcher) {}

  /** The rules, in order. */
  static final List<Rule> RULES = List.of(
      new Rule(Matmul.class, Rules::matmulNT),         // a @ transpose(b)
      new Rule(Matmul.class, Rules::matmulTN),         // transpose(a) @ b
      new Rule(MaskedMul.class, Rules::poolMaskStep),  // maskedMul(maxPool2dScatter(x, g), step(z))
      new Rule(Add.class, Rules::convBias),            // conv2d(x, w) + broadcast(bias), the conv read by nothing else
      new Rule(MaskedMul.class, Rules::maskStep),      // maskedMul(g, step(x))
      new Rule(Op.class, Rules::chain),                // a connected group of same-shape elementwise nodes (Chains)
      new Rule(Add.class, Rules::addBroadcast),        // a + broadcast(b)
      new Rule(Op.class, Rules::kernel));              // anything: the op's kernel

  /** The number of rules before {@link #chain}: a node one of them matches joins no chain. */
  static final int BEFORE_CHAINS = 5;

  /** Per op class, the rules before chains that can match it, in order. */
  private static final ClassValue<Matcher[]> EARLY = new ClassValue<>() {
    @Override
    protected Matcher[] computeValue(Class<?> op) {
      return applicable(op, 0, BEFORE_CHAINS);
    }
  };

  /** Per op class, the rules after chains that can match it, in order (the kernel last). */
  private static final ClassValue<Matcher[]> LATE = new ClassValue<>() {
    @Override
    protected Matcher[] computeValue(Class<?> op) {
      return applicable(op, BEFORE_CHAINS + 1, RULES.size());
    }
  };

  private static Matcher[] applicable(Class<?> op, int from, int to) {
    return RULES.subList(from, to).stream().filter(r -> r.root().isAssignableFrom(op)).map(Rule::matcher)
        .toArray(Matcher[]::new);
  }

  private Rules() {}

  /**
   * A graph, the steps of the rules before chains (found once per node, on first use: chains need
   * them for every node) and the elementwise chains.
   */
  static final class Context {
    final Graph graph;
    private @Nullable Step @Nullable [] early;
    private @Nullable Chains chains;

    Context(Graph graph) {
      this.graph = graph;
    }

    /** {@return the step of the first rule before chains that matches node {@code i}, or null} */
    @Nullable Step early(int i) {
      @Nullable Step[] e = early;
      if (e == null) {
        e = new Step[graph.size()];
        for (int j = 0; j < e.length; j++) {
          if (graph.node(j) instanceof Apply a) {
            e[j] = firstOf(EARLY.get(a.op().getClass()), this, j);
          }
        }
        early = e;
      }
      return e[i];
    }

    Chains chains() {
      if (chains == null) {
        chains = Chains.of(graph, this);
      }
      return chains;
    }
  }

  /** {@return the step of the first rule that matches node {@code i}, an application} */
  static Step first(Context c, int i) {
    Step s = c.early(i);
    if (s == null) {
      s = c.chains().step(i);
    }
    if (s == null) {
      s = firstOf(LATE.get(((Apply) c.graph.node(i)).op().getClass()), c, i);
    }
    if (s == null) {
      throw new IllegalStateException("no rule matches node " + i); // the kernel rule always does
    }
    return s;
  }

  private static @Nullable Step firstOf(Matcher[] rules, Context c, int i) {
    for (Matcher r : rules) {
      Step s = r.match(c, i);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  private static @Nullable Step matmulNT(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!isMatrixProduct(a) || !isTranspose(a.arg(1))) {
      return null;
    }
    Graph g = c.graph;
    return new Step.MatmulNT(g.arg(i, 0), g.arg(g.arg(i, 1), 0), i);
  }

  private static @Nullable Step matmulTN(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!isMatrixProduct(a) || !isTranspose(a.arg(0))) {
      return null;
    }
    Graph g = c.graph;
    return new Step.MatmulTN(g.arg(g.arg(i, 0), 0), g.arg(i, 1), i);
  }

  private static @Nullable Step poolMaskStep(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!(a.op() instanceof MaskedMul) || !(a.arg(0) instanceof Apply p && p.op() instanceof MaxPool2dScatter s)
        || !is(a.arg(1), dev.fluxion.autodiff.op.Step.class)) {
      return null;
    }
    Graph g = c.graph;
    int scatter = g.arg(i, 0);
    return new Step.PoolMaskStep(s.geometry(), g.arg(scatter, 0),
        g.arg(scatter, 1), g.arg(g.arg(i, 1), 0), i);
  }

  private static @Nullable Step convBias(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!(a.op() instanceof Add)) {
      return null;
    }
    Graph g = c.graph;
    for (int k = 0; k < 2; k++) {
      int conv = g.arg(i, 1 - k);
      if (is(a.arg(k), Broadcast.class) && a.arg(1 - k) instanceof Apply v && v.op() instanceof Conv2d op
          && g.readers(conv) == 1 && isChannelBias(((Apply) a.arg(k)).arg(0), v)) {
        return new Step.ConvBias(op.geometry(), g.arg(conv, 0),
            g.arg(conv, 1), g.arg(g.arg(i, k), 0), i);
      }
    }
    return null;
  }

  private static @Nullable Step maskStep(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!(a.op() instanceof MaskedMul) || !is(a.arg(1), dev.fluxion.autodiff.op.Step.class)) {
      return null;
    }
    Graph g = c.graph;
    return new Step.MaskStep(g.arg(i, 0), g.arg(g.arg(i, 1), 0), i);
  }

  private static @Nullable Step chain(Context c, int i) {
    return c.chains().step(i);
  }

  private static @Nullable Step addBroadcast(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!(a.op() instanceof Add)) {
      return null;
    }
    Graph g = c.graph;
    for (int k = 0; k < 2; k++) {
      if (is(a.arg(k), Broadcast.class)) {
        return new Step.AddBroadcast(g.arg(i, 1 - k), g.arg(g.arg(i, k), 0),
            i);
      }
    }
    return null;
  }

  private static Step kernel(Context c, int i) {
    Op op = ((Apply) c.graph.node(i)).op();
    return new Step.Kernel(op, c.graph.args(i), i);
  }

  /** {@return whether {@code a} is a product of matrices or of batches of them (the op requires equal batch dimensions)} */
  private static boolean isMatrixProduct(Apply a) {
    return a.op() instanceof Matmul;
  }

  /** {@return whether {@code e} swaps the last two axes and keeps the others in place} */
  private static boolean isTranspose(Expr e) {
    if (!(e instanceof Apply p && p.op() instanceof Permute q)) {
      return false;
    }
    int[] perm = q.perm();
    int r = perm.length;
    for (int i = 0; i < r - 2; i++) {
      if (perm[i] != i) {
        return false;
      }
    }
    return r >= 2 && perm[r - 2] == r - 1 && perm[r - 1] == r - 2;
  }

  private static boolean is(Expr e, Class<? extends Op> op) {
    return e instanceof Apply a && op.isInstance(a.op());
  }

  /** {@return whether {@code b} is one value per output channel of the convolution {@code c}: {@code [O, 1, 1]}} */
  private static boolean isChannelBias(Expr b, Apply c) {
    Shape s = b.shape();
    return s.rank() == 3 && s.dim(0) == c.shape().dim(1) && s.dim(1) == 1 && s.dim(2) == 1;
  }
}
