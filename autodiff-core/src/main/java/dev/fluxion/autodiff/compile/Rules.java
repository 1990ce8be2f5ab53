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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which step computes a node: one ordered list of rules {@code node → Optional<step>}, tried top to
 * bottom, the first match wins (tinygrad's pattern table); the op's own kernel is the last rule and
 * always matches. A fused step reads an earlier node instead of an intermediate (the untransposed
 * matrix, the unbroadcast bias, the point of a step mask); an intermediate nothing else reads is
 * then dead and never runs. Every fused step computes its nodes' formulas operation by operation, so
 * plans equal the eager path bit for bit.
 */
final class Rules {
  /** A rule: the step that computes node {@code i} of {@code c}'s graph, if the rule applies to it. */
  @FunctionalInterface
  interface Rule {
    Optional<Step> match(Context c, int i);
  }

  private static final int[] SWAP = {1, 0};

  /** The rules, in order. */
  static final List<Rule> RULES = List.of(
      Rules::matmulNT,      // a @ transpose(b)
      Rules::matmulTN,      // transpose(a) @ b
      Rules::poolMaskStep,  // maskedMul(maxPool2dScatter(x, g), step(z))
      Rules::convBias,      // conv2d(x, w) + broadcast(bias), the convolution read by nothing else
      Rules::maskStep,      // maskedMul(g, step(x))
      Rules::chain,         // a connected group of same-shape elementwise nodes (Chains)
      Rules::addBroadcast,  // a + broadcast(b)
      Rules::kernel);       // anything: the op's kernel

  /** The number of rules before {@link #chain}: a node one of them matches joins no chain. */
  static final int BEFORE_CHAINS = 5;

  private Rules() {}

  /** A graph and the elementwise chains found in it on first use. */
  static final class Context {
    final Graph graph;
    private @Nullable Chains chains;

    Context(Graph graph) {
      this.graph = graph;
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
    return first(c, i, RULES.size()).orElseThrow();
  }

  /** {@return the step of the first of the first {@code limit} rules that matches node {@code i}} */
  static Optional<Step> first(Context c, int i, int limit) {
    for (int r = 0; r < limit; r++) {
      Optional<Step> s = RULES.get(r).match(c, i);
      if (s.isPresent()) {
        return s;
      }
    }
    return Optional.empty();
  }

  private static Optional<Step> matmulNT(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!isMatrixProduct(a) || !isTranspose(a.arg(1))) {
      return Optional.empty();
    }
    Graph g = c.graph;
    return Optional.of(new Step.MatmulNT(g.arg(i, 0), g.arg(g.arg(i, 1), 0), i));
  }

  private static Optional<Step> matmulTN(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!isMatrixProduct(a) || !isTranspose(a.arg(0))) {
      return Optional.empty();
    }
    Graph g = c.graph;
    return Optional.of(new Step.MatmulTN(g.arg(g.arg(i, 0), 0), g.arg(i, 1), i));
  }

  private static Optional<Step> poolMaskStep(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!(a.op() instanceof MaskedMul) || !(a.arg(0) instanceof Apply p && p.op() instanceof MaxPool2dScatter s)
        || !is(a.arg(1), dev.fluxion.autodiff.op.Step.class)) {
      return Optional.empty();
    }
    Graph g = c.graph;
    int scatter = g.arg(i, 0);
    return Optional.of(new Step.PoolMaskStep(s.geometry(), g.arg(scatter, 0),
        g.arg(scatter, 1), g.arg(g.arg(i, 1), 0), i));
  }

  private static Optional<Step> convBias(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!(a.op() instanceof Add)) {
      return Optional.empty();
    }
    Graph g = c.graph;
    for (int k = 0; k < 2; k++) {
      int conv = g.arg(i, 1 - k);
      if (is(a.arg(k), Broadcast.class) && a.arg(1 - k) instanceof Apply v && v.op() instanceof Conv2d op
          && g.readers(conv) == 1 && isChannelBias(((Apply) a.arg(k)).arg(0), v)) {
        return Optional.of(new Step.ConvBias(op.geometry(), g.arg(conv, 0),
            g.arg(conv, 1), g.arg(g.arg(i, k), 0), i));
      }
    }
    return Optional.empty();
  }

  private static Optional<Step> maskStep(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!(a.op() instanceof MaskedMul) || !is(a.arg(1), dev.fluxion.autodiff.op.Step.class)) {
      return Optional.empty();
    }
    Graph g = c.graph;
    return Optional.of(new Step.MaskStep(g.arg(i, 0), g.arg(g.arg(i, 1), 0), i));
  }

  private static Optional<Step> chain(Context c, int i) {
    return c.chains().step(i);
  }

  private static Optional<Step> addBroadcast(Context c, int i) {
    Apply a = (Apply) c.graph.node(i);
    if (!(a.op() instanceof Add)) {
      return Optional.empty();
    }
    Graph g = c.graph;
    for (int k = 0; k < 2; k++) {
      if (is(a.arg(k), Broadcast.class)) {
        return Optional.of(new Step.AddBroadcast(g.arg(i, 1 - k), g.arg(g.arg(i, k), 0),
            i));
      }
    }
    return Optional.empty();
  }

  private static Optional<Step> kernel(Context c, int i) {
    Op op = ((Apply) c.graph.node(i)).op();
    return Optional.of(new Step.Kernel(op, c.graph.args(i), i));
  }

  private static boolean isMatrixProduct(Apply a) {
    return a.op() instanceof Matmul && a.arg(0).shape().rank() == 2 && a.arg(1).shape().rank() == 2;
  }

  private static boolean isTranspose(Expr e) {
    return e instanceof Apply p && p.op() instanceof Permute q && Arrays.equals(q.perm(), SWAP);
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
