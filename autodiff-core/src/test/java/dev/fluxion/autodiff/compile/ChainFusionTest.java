package dev.fluxion.autodiff.compile;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Elementwise chains run as one pass and give the interpreter's numbers bit for bit, on inputs with
 * NaN, infinities and zeros of both signs; the step counts show the fusion happened.
 */
class ChainFusionTest {
  /** 1,300 elements: more than two tiles of the pointwise kernel, and a partial one. */
  static final Shape SHAPE = Shape.of(13, 100);

  /** Normal samples with zeros of both signs, NaN and infinities mixed in. */
  static Tensor special(long seed, double std) {
    double[] d = Tensor.normal(Key.of(seed), SHAPE, 0, std).toArray();
    double[] s = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-310, 1e300};
    for (int i = 0; i < d.length; i += 11) {
      d[i] = s[(int) ((i / 11 + seed) % s.length)];
    }
    return Tensor.of(d, SHAPE);
  }

  static List<Step.Chain> chains(Plan p) {
    return p.stepList().stream().filter(Step.Chain.class::isInstance).map(Step.Chain.class::cast).toList();
  }

  @Nested
  class Adam {
    final Var p = new Var("p", SHAPE);
    final Var g = new Var("g", SHAPE);
    final Var m = new Var("m", SHAPE);
    final Var v = new Var("v", SHAPE);
    final Var t = new Var("t", Shape.of());
    final double lr = 1e-3;
    final double b1 = 0.9;
    final double b2 = 0.999;
    final double eps = 1e-8;
    final Expr m1 = m.times(b1).plus(g.times(1 - b1));
    final Expr v1 = v.times(b2).plus(g.times(g).times(1 - b2));
    final Expr c1 = scalar(1.0).minus(pow(scalar(b1), t));
    final Expr c2 = scalar(1.0).minus(pow(scalar(b2), t));
    final Expr p1 = p.minus(m1.div(c1).div(sqrt(v1.div(c2)).plus(eps)).times(lr));

    @Test
    void shouldUpdateParameterAndMomentsInOnePassWritingThreeArrays() {
      Plan plan = Plan.of(List.of(p1, m1, v1), List.of(p, g, m, v, t));
      List<Step.Chain> chains = chains(plan);
      Step.Chain leaf = chains.stream().filter(c -> c.program().shape().equals(SHAPE)).findFirst().orElseThrow();
      assertEquals(1, chains.stream().filter(c -> c.program().shape().equals(SHAPE)).count(), "one pass per leaf");
      assertEquals(3, leaf.outputs().length, "p', m' and v' written by the one pass");
      long leafOps = dev.fluxion.autodiff.expr.Exprs.topologicalOrder(p1, m1, v1).stream()
          .filter(e -> e instanceof dev.fluxion.autodiff.expr.Apply && e.shape().equals(SHAPE)
              && !(((dev.fluxion.autodiff.expr.Apply) e).op() instanceof dev.fluxion.autodiff.op.Broadcast))
          .count();
      assertEquals(leafOps, leaf.nodes(), "every elementwise node of the leaf's update is in the one chain");
      assertEquals(1, chains.size(), "the scalar bias corrections run op by op");
    }

    @Test
    void shouldEqualTheInterpreterBitForBit() {
      Plan plan = Plan.of(List.of(p1, m1, v1), List.of(p, g, m, v, t));
      for (long seed = 0; seed < 4; seed++) {
        Tensor ps = special(seed, 1);
        Tensor gs = special(seed + 10, 1);
        Tensor ms = special(seed + 20, 0.1);
        Tensor vs = special(seed + 30, 0.1).times(special(seed + 30, 0.1));
        Tensor ts = Tensor.scalar(seed + 1);
        List<Tensor> out = plan.run(List.of(ps, gs, ms, vs, ts));
        Bindings at = Bindings.of("p", ps).with("g", gs).with("m", ms).with("v", vs).with("t", ts);
        assertEquals(AD.eval(p1, at), out.get(0));
        assertEquals(AD.eval(m1, at), out.get(1));
        assertEquals(AD.eval(v1, at), out.get(2));
      }
    }
  }

  @Nested
  class RandomChains {
    final List<UnaryOperator<Expr>> unary = List.of(x -> neg(x), x -> exp(x), x -> log(x), x -> sqrt(x), x -> abs(x),
        x -> sin(x), x -> cos(x), x -> tan(x), x -> tanh(x), x -> sigmoid(x), x -> relu(x), x -> leakyRelu(x, 0.2),
        x -> softplus(x), x -> step(x), x -> sign(x), x -> x.times(2.5), x -> x.plus(variable("s")));
    final List<BinaryOperator<Expr>> binary = List.of((a, b) -> add(a, b), (a, b) -> sub(a, b), (a, b) -> mul(a, b),
        (a, b) -> div(a, b), (a, b) -> pow(a, b), (a, b) -> maskedMul(a, b), (a, b) -> maximum(a, b),
        (a, b) -> minimum(a, b), (a, b) -> gt(a, b), (a, b) -> ge(a, b), (a, b) -> lt(a, b), (a, b) -> le(a, b),
        (a, b) -> eq(a, b), (a, b) -> where(gt(a, b), a, b));

    /** A random elementwise DAG over x, y, z: each new node reads one or two earlier ones; all its nodes. */
    List<Expr> random(SplittableRandom r, int length) {
      List<Expr> nodes = new ArrayList<>(List.of(variable("x", 13, 100), variable("y", 13, 100), variable("z", 13, 100)));
      for (int i = 0; i < length; i++) {
        Expr a = nodes.get(r.nextInt(nodes.size()));
        Expr b = nodes.get(r.nextInt(nodes.size()));
        nodes.add(r.nextBoolean() ? unary.get(r.nextInt(unary.size())).apply(a)
            : binary.get(r.nextInt(binary.size())).apply(a, b));
      }
      return nodes.subList(3, nodes.size());
    }

    @Test
    void shouldEqualTheInterpreterBitForBitOnEveryOp() {
      SplittableRandom r = new SplittableRandom(42);
      Bindings at = Bindings.of("x", special(1, 2)).with("y", special(2, 2)).with("z", special(3, 2))
          .with("s", Tensor.scalar(-0.0));
      int fused = 0;
      for (int k = 0; k < 60; k++) {
        List<Expr> nodes = random(r, 2 + k % 12);
        Expr last = nodes.get(nodes.size() - 1);
        Plan plan = Plan.of(last);
        assertEquals(AD.eval(last, at), plan.run(at).get("out"), last.toString());
        Plan every = Plan.of(nodes, List.of(new Var("x", SHAPE), new Var("y", SHAPE), new Var("z", SHAPE),
            new Var("s", Shape.of())));
        List<Tensor> out = every.run(List.of(at.get("x"), at.get("y"), at.get("z"), at.get("s")));
        for (int i = 0; i < nodes.size(); i++) {
          assertEquals(AD.eval(nodes.get(i), at), out.get(i), nodes.get(i).toString());
        }
        fused += chains(plan).stream().mapToInt(Step.Chain::nodes).sum()
            + chains(every).stream().mapToInt(Step.Chain::nodes).sum();
      }
      assertTrue(fused > 300, "nodes run inside chains: " + fused);
    }

    @Test
    void shouldReadLayerNormOperandsInPlaceWithoutBroadcastCopies() {
      Shape shape = Shape.of(8, 64, 70); // lone nodes of this size run as chains too
      for (var dtype : new dev.fluxion.autodiff.tensor.DType[] {dev.fluxion.autodiff.tensor.DType.FLOAT64,
          dev.fluxion.autodiff.tensor.DType.FLOAT32}) {
        Expr x = variable("x", shape, dtype);
        Expr gain = variable("gain", Shape.of(70), dtype);
        Expr mu = mean(x, new int[] {2}, true);
        Expr centred = x.minus(broadcastTo(mu, shape));
        Expr var = mean(centred.times(centred), new int[] {2}, true);
        Expr norm = centred.div(broadcastTo(sqrt(var.plus(1e-5)), shape)).times(broadcastTo(gain, shape));
        Expr grad = AD.gradExpr(sum(norm.times(norm)), "x");
        Plan plan = Plan.of(java.util.Map.of("norm", norm, "grad", grad));
        assertTrue(plan.stepList().stream().noneMatch(s -> s instanceof Step.Kernel k
                && k.op() instanceof dev.fluxion.autodiff.op.Broadcast),
            "no broadcast is copied: " + plan.stepList());
        Bindings at = Bindings.of("x", Tensor.normal(Key.of(7), shape, 1, 2).cast(dtype))
            .with("gain", Tensor.normal(Key.of(8), Shape.of(70), 1, 1).cast(dtype));
        var out = plan.run(at);
        assertEquals(AD.eval(norm, at), out.get("norm"), dtype.toString());
        assertEquals(AD.eval(grad, at), out.get("grad"), dtype + " gradient");
      }
    }

    @Test
    void shouldKeepAMemberReadOutsideTheChainAndAPlanOutputInside() {
      Expr x = variable("x", 13, 100);
      Expr u = exp(x);
      Expr w = u.times(u).plus(u);
      Expr total = sum(u);
      Expr outside = w.times(broadcastTo(total, SHAPE));
      Plan plan = Plan.of(java.util.Map.of("u", u, "w", w, "outside", outside));
      Bindings at = Bindings.of("x", special(5, 1));
      var out = plan.run(at);
      assertEquals(AD.eval(u, at), out.get("u"));
      assertEquals(AD.eval(w, at), out.get("w"));
      assertEquals(AD.eval(outside, at), out.get("outside"));
    }
  }
}
