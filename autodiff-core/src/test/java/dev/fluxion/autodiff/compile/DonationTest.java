package dev.fluxion.autodiff.compile;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Buffer donation: a chain overwrites only dead temporaries the run made itself; results equal the
 * interpreter bit for bit; no tensor a caller can see, input or output, ever changes.
 */
class DonationTest {
  static final Shape SHAPE = ChainFusionTest.SHAPE;

  /** The number of chain outputs a run writes into a handed-over input's array. */
  static int donations(Plan p) {
    return ChainFusionTest.chains(p).stream()
        .mapToInt(c -> (int) Arrays.stream(c.program().donors()).filter(d -> d >= 0).count()).sum();
  }

  /** The slots whose arrays chains may overwrite. */
  static List<Integer> donatedSlots(Plan p) {
    List<Integer> slots = new ArrayList<>();
    for (Step.Chain c : ChainFusionTest.chains(p)) {
      for (int d : c.program().donors()) {
        if (d >= 0) {
          slots.add(c.inputs()[d]);
        }
      }
    }
    return slots;
  }

  /** SGD with momentum on one weight: the gradient {@code xᵀ d} is a dead product the update may take. */
  @Nested
  class Momentum {
    final Var x = new Var("x", Shape.of(13, 40));
    final Var d = new Var("d", SHAPE);
    final Var p = new Var("p", Shape.of(40, 100));
    final Var m = new Var("m", Shape.of(40, 100));
    final Expr g = matmul(transpose(x), d);
    final Expr m1 = m.times(0.9).plus(g);
    final Expr p1 = p.minus(m1.times(0.1));
    final List<Var> params = List.of(x, d, p, m);

    List<Tensor> args(long seed) {
      Key[] k = Key.of(seed).split(4);
      return List.of(Tensor.normal(k[0], x.shape(), 0, 1), Tensor.normal(k[1], d.shape(), 0, 1),
          Tensor.normal(k[2], p.shape(), 0, 1), Tensor.normal(k[3], m.shape(), 0, 1));
    }

    Bindings at(List<Tensor> a) {
      return Bindings.of("x", a.get(0)).with("d", a.get(1)).with("p", a.get(2)).with("m", a.get(3));
    }

    @Test
    void shouldWriteTheNewMomentumIntoTheDeadGradient() {
      Plan plan = Plan.of(List.of(p1, m1), params);
      assertEquals(1, donations(plan));
      int product = plan.stepList().stream().filter(Step.MatmulTN.class::isInstance).findFirst().orElseThrow()
          .writes()[0];
      assertEquals(List.of(product), donatedSlots(plan));
      List<Tensor> a = args(1);
      List<Tensor> out = plan.run(a);
      assertEquals(AD.eval(p1, at(a)), out.get(0));
      assertEquals(AD.eval(m1, at(a)), out.get(1));
    }

    @Test
    void shouldKeepInputsAndEarlierOutputsBitwiseUnchanged() {
      Plan plan = Plan.of(List.of(p1, m1), params);
      assertEquals(1, donations(plan), "the first run's new momentum is written into its own gradient's array");
      List<Tensor> first = args(2);
      List<Tensor> firstCopy = first.stream().map(t -> Tensor.of(t.toArray(), t.shape())).toList();
      List<Tensor> out1 = plan.run(first);
      List<Tensor> out1Copy = out1.stream().map(t -> Tensor.of(t.toArray(), t.shape())).toList();
      for (long seed = 3; seed < 6; seed++) {
        plan.run(args(seed));
        plan.run(first);
      }
      assertEquals(firstCopy, first, "inputs bound by the caller");
      assertEquals(out1Copy, out1, "outputs of the first run, after later runs");
    }

    @Test
    void shouldNeverHandOverAPlanOutputAnInputOrAViewedProduct() {
      assertEquals(0, donations(Plan.of(List.of(p1, m1, g), params)), "the gradient is an output");
      Expr viewed = reshape(g, 4000);
      Plan withView = Plan.of(List.of(viewed, p1, m1), params);
      assertEquals(0, donations(withView), "a reshape before the update made a view of the product's array");
      List<Tensor> a = args(7);
      List<Tensor> out = withView.run(a);
      assertEquals(AD.eval(viewed, at(a)), out.get(0));
      assertEquals(AD.eval(m1, at(a)), out.get(2));
      Expr onlyInputs = m.times(0.9).plus(p);
      assertEquals(0, donations(Plan.of(List.of(onlyInputs.times(0.1).minus(p)), params)), "plan inputs");
      Tensor noise = Tensor.normal(Key.of(9), p.shape(), 0, 1);
      Expr constant = new Const(noise).times(0.5).plus(m);
      Plan withConstant = Plan.of(List.of(constant.times(constant)), params);
      assertEquals(0, donations(withConstant), "a constant");
      withConstant.run(a);
      assertEquals(Tensor.normal(Key.of(9), p.shape(), 0, 1), noise, "the constant after a run");
    }

    @Test
    void shouldGiveTwoThreadsRunningOnePlanTheSameBits() throws Exception {
      Plan plan = Plan.of(List.of(p1, m1), params);
      List<Tensor> a = args(11);
      List<Tensor> expected = plan.run(a);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<List<List<Tensor>>>> runs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          runs.add(pool.submit(() -> {
            List<List<Tensor>> outs = new ArrayList<>();
            for (int k = 0; k < 200; k++) {
              outs.add(plan.run(a));
            }
            return outs;
          }));
        }
        for (Future<List<List<Tensor>>> r : runs) {
          for (List<Tensor> out : r.get()) {
            assertEquals(expected, out);
          }
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  /** The momentum update in float32: the new momentum goes into the dead float32 gradient's array. */
  @Nested
  class Float32Momentum {
    final DType f32 = DType.FLOAT32;
    final Var x = new Var("x", Shape.of(13, 40), f32);
    final Var d = new Var("d", SHAPE, f32);
    final Var p = new Var("p", Shape.of(40, 100), f32);
    final Var m = new Var("m", Shape.of(40, 100), f32);
    final Expr g = matmul(transpose(x), d);
    final Expr m1 = m.times(0.9).plus(g);
    final Expr p1 = p.minus(m1.times(0.1));

    List<Tensor> args(long seed) {
      Key[] k = Key.of(seed).split(4);
      return List.of(Tensor.normal(k[0], x.shape(), 0, 1).cast(f32), Tensor.normal(k[1], d.shape(), 0, 1).cast(f32),
          Tensor.normal(k[2], p.shape(), 0, 1).cast(f32), Tensor.normal(k[3], m.shape(), 0, 1).cast(f32));
    }

    @Test
    void shouldDonateAndKeepEveryVisibleFloat32TensorUnchanged() {
      Plan plan = Plan.of(List.of(p1, m1), List.of(x, d, p, m));
      assertEquals(1, donations(plan));
      List<Tensor> first = args(1);
      List<Tensor> firstCopy = first.stream().map(t -> Tensor.of(t.toFloatArray(), t.shape())).toList();
      List<Tensor> out1 = plan.run(first);
      Bindings at = Bindings.of("x", first.get(0)).with("d", first.get(1)).with("p", first.get(2))
          .with("m", first.get(3));
      assertEquals(AD.eval(p1, at), out1.get(0));
      assertEquals(AD.eval(m1, at), out1.get(1));
      assertEquals(f32, out1.get(1).dtype());
      List<Tensor> out1Copy = out1.stream().map(t -> Tensor.of(t.toFloatArray(), t.shape())).toList();
      for (long seed = 2; seed < 5; seed++) {
        plan.run(args(seed));
        plan.run(first);
      }
      assertEquals(firstCopy, first, "inputs bound by the caller");
      assertEquals(out1Copy, out1, "outputs of the first run, after later runs");
    }
  }

  /**
   * Random graphs of elementwise ops, matrix products (fresh arrays), chain roots read by several
   * chains, and views (reshapes; permutes and transposes) of products, chain outputs and inputs,
   * kept live while other nodes read what they view: every output equals the interpreter's, and the
   * inputs are unchanged.
   */
  @Nested
  class RandomGraphs {
    final Var w = new Var("w", Shape.of(100, 100));

    Expr pick(SplittableRandom r, List<Expr> pool) {
      return pool.get(r.nextInt(pool.size()));
    }

    Expr elementwise(SplittableRandom r, Expr a, Expr b) {
      return switch (r.nextInt(8)) {
        case 0 -> exp(a.times(0.1));
        case 1 -> tanh(a).times(b);
        case 2 -> a.minus(b).times(0.5);
        case 3 -> relu(a).plus(sqrt(abs(b)));
        case 4 -> where(gt(a, b), a, neg(b));
        case 5 -> maskedMul(a, step(b));
        case 6 -> sigmoid(a).div(b.times(b).plus(1.0));
        default -> a.plus(b).times(a);
      };
    }

    /** Adds one node to {@code full} ([13, 100]) or {@code flat} ([1300], views of full nodes). */
    void grow(SplittableRandom r, List<Expr> full, List<Expr> flat) {
      Expr a = pick(r, full);
      switch (r.nextInt(9)) {
        case 0, 1 -> full.add(matmul(a, transpose(w)));
        case 2 -> flat.add(reshape(a, 1300));
        case 3 -> full.add(reshape(pick(r, flat), 13, 100));
        case 4 -> full.add(reshape(permute(reshape(a, 13, 10, 10), 0, 2, 1), 13, 100));
        case 5 -> full.add(transpose(reshape(a, 100, 13)).plus(pick(r, full)));
        case 6 -> flat.add(elementwise(r, pick(r, flat), pick(r, flat)));
        default -> full.add(elementwise(r, a, pick(r, full)));
      }
    }

    @Test
    void shouldEqualTheInterpreterBitForBitWithDonationOn() {
      SplittableRandom r = new SplittableRandom(7);
      Tensor xs = Tensor.normal(Key.of(1), SHAPE, 0, 1);
      Tensor ys = Tensor.normal(Key.of(2), SHAPE, 0, 1);
      Tensor ws = Tensor.normal(Key.of(3), w.shape(), 0, 0.1);
      List<Tensor> inputs = List.of(xs, ys, ws);
      List<Tensor> copies = inputs.stream().map(t -> Tensor.of(t.toArray(), t.shape())).toList();
      Bindings at = Bindings.of("x", xs).with("y", ys).with("w", ws);
      List<Var> params = List.of(new Var("x", SHAPE), new Var("y", SHAPE), w);
      int donated = 0;
      for (int k = 0; k < 120; k++) {
        List<Expr> full = new ArrayList<>(List.of(params.get(0), params.get(1)));
        List<Expr> flat = new ArrayList<>(List.of(reshape(params.get(0), 1300)));
        int length = 4 + k % 16;
        for (int i = 0; i < length; i++) {
          grow(r, full, flat);
        }
        List<Expr> outputs = new ArrayList<>();
        for (Expr e : r.nextBoolean() ? flat : full.subList(2, full.size())) {
          if (r.nextInt(4) == 0) {
            outputs.add(e);
          }
        }
        outputs.add(full.get(full.size() - 1).plus(reshape(flat.get(flat.size() - 1), 13, 100)));
        Plan plan = Plan.of(outputs, params);
        List<Tensor> out = plan.run(inputs);
        for (int i = 0; i < outputs.size(); i++) {
          assertEquals(AD.eval(outputs.get(i), at), out.get(i), outputs.get(i).toString());
        }
        donated += donations(plan);
      }
      assertEquals(copies, inputs, "the inputs after every run");
      // 30 of them: hash-consing merges the generator's repeated subexpressions (39 when they were separate nodes)
      assertTrue(donated >= 25, "chain outputs written into dead temporaries: " + donated);
    }
  }
}
