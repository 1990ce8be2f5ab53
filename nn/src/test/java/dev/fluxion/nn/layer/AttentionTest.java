package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import org.junit.jupiter.api.Test;

/** Attention: the formula, masking properties (causality, padding), gradients to second order. */
class AttentionTest {
  private static Tensor eval(Expr e) {
    return AD.eval(e, Bindings.of());
  }

  @Test
  void shouldWeighValuesBySoftmaxOfScaledScores() {
    Tensor q = Tensor.normal(Key.of(1), Shape.of(2, 3), 0, 1);
    Tensor k = Tensor.normal(Key.of(2), Shape.of(4, 3), 0, 1);
    Tensor v = Tensor.normal(Key.of(3), Shape.of(4, 2), 0, 1);
    Tensor y = eval(Attention.scaledDotProduct(constant(q), constant(k), constant(v), null));
    for (int i = 0; i < 2; i++) {
      double[] s = new double[4];
      double z = 0;
      for (int j = 0; j < 4; j++) {
        for (int d = 0; d < 3; d++) {
          s[j] += q.get(i, d) * k.get(j, d) / Math.sqrt(3);
        }
        z += Math.exp(s[j]);
      }
      for (int c = 0; c < 2; c++) {
        double expected = 0;
        for (int j = 0; j < 4; j++) {
          expected += Math.exp(s[j]) / z * v.get(j, c);
        }
        assertEquals(expected, y.get(i, c), 1e-14);
      }
    }
  }

  @Test
  void shouldGiveZerosForAQueryWhoseKeysAreAllMasked() {
    Tensor mask = Tensor.matrix(new double[] {1, 0}, new double[] {0, 0});
    Tensor y = eval(Attention.scaledDotProduct(constant(Tensor.ones(2, 3)), constant(Tensor.ones(2, 3)),
        constant(Tensor.matrix(new double[] {5, 6}, new double[] {7, 8})), constant(mask)));
    assertEquals(Tensor.matrix(new double[] {5, 6}, new double[] {0, 0}), y);
  }

  @Test
  void shouldNotLetAPositionSeeTheFutureInACausalModel() {
    Transformer model = new Transformer(11, 8, 2, 2, 6, 0.0);
    Transformer.Params p = model.init(Key.of(4), Shape.of(6));
    int[] a = {3, 1, 4, 1, 5, 9};
    int[] b = {3, 1, 4, 2, 6, 5};
    Tensor ya = eval(model.forward(p, constant(Tensor.of(a, 1, 6)), Mode.eval()));
    Tensor yb = eval(model.forward(p, constant(Tensor.of(b, 1, 6)), Mode.eval()));
    assertEquals(Shape.of(1, 6, 11), ya.shape());
    for (int t = 0; t < 6; t++) {
      Tensor ra = ya.slice(new int[] {0, t, 0}, new int[] {1, t + 1, 11}, new int[] {1, 1, 1});
      Tensor rb = yb.slice(new int[] {0, t, 0}, new int[] {1, t + 1, 11}, new int[] {1, 1, 1});
      if (t < 3) {
        assertEquals(ra, rb, "position " + t + " before the first change");
      } else {
        assertNotEquals(ra, rb, "position " + t + " sees the change");
      }
    }
  }

  @Test
  void shouldIgnorePaddedKeys() {
    MultiHeadAttention mha = new MultiHeadAttention(2, false);
    MultiHeadAttention.Params p = mha.init(Key.of(5), Shape.of(5, 4));
    Tensor x = Tensor.normal(Key.of(6), Shape.of(1, 5, 4), 0, 1);
    Tensor other = x.plus(Tensor.normal(Key.of(7), Shape.of(1, 5, 4), 0, 1)
        .times(Tensor.of(new double[] {0, 0, 0, 1, 1}, 1, 5, 1)));
    Expr keep = constant(Tensor.of(new double[] {1, 1, 1, 0, 0}, 1, 5));
    Tensor y1 = eval(mha.forward(p, constant(x), keep, Mode.eval()));
    Tensor y2 = eval(mha.forward(p, constant(other), keep, Mode.eval()));
    Tensor first = y1.slice(new int[] {0, 0, 0}, new int[] {1, 3, 4}, new int[] {1, 1, 1});
    assertTrue(first.allClose(y2.slice(new int[] {0, 0, 0}, new int[] {1, 3, 4}, new int[] {1, 1, 1}), 0, 1e-15),
        "unpadded positions do not change when padded ones do");
    Tensor short3 = eval(mha.forward(p, constant(x.slice(new int[] {0, 0, 0}, new int[] {1, 3, 4}, new int[] {1, 1, 1})),
        Mode.eval()));
    assertTrue(first.allClose(short3, 1e-12, 1e-14), "and equal the unpadded sequence's outputs");
  }

  @Test
  void shouldPassGradCheckThroughMultiHeadAttentionToSecondOrder() {
    MultiHeadAttention mha = new MultiHeadAttention(2, true);
    MultiHeadAttention.Params p = Trees.trace(mha.init(Key.of(8), Shape.of(3, 4)), "p.");
    Var x = new Var("x", Shape.of(2, 3, 4));
    Expr loss = sum(tanh(mha.forward(p, x, Mode.eval())));
    Bindings at = Bindings.of("x", Tensor.normal(Key.of(9), x.shape(), 0, 1));
    for (var e : Trees.tensors(mha.init(Key.of(8), Shape.of(3, 4))).entrySet()) {
      at = at.with("p." + e.getKey(), e.getValue().plus(Tensor.normal(Key.of(10), e.getValue().shape(), 0, 0.1)));
    }
    Report r = GradCheck.check(loss, at);
    assertTrue(r.passed(), r::toString);
    Report second = GradCheck.check(sum(square(AD.gradExpr(loss, "x"))), at);
    assertTrue(second.passed(), second::toString);
  }

  @Test
  void shouldTrainAFloat32TransformerEndToEndWithIntegerTokens() {
    Transformer model = new Transformer(7, 4, 2, 1, 5, 0.1);
    Transformer.Params p = Trees.trace(model.init(Key.of(11), Shape.of(5), DType.FLOAT32), "p.");
    Var ids = new Var("ids", Shape.of(2, 5), DType.INT32);
    Expr logits = model.forward(p, ids, Mode.train(3));
    assertEquals(DType.FLOAT32, logits.dtype());
    Expr loss = mean(logSumExp(logits, -1, false));
    Bindings at = Bindings.of("ids", Tensor.of(new int[] {1, 2, 3, 4, 5, 6, 0, 1, 2, 3}, 2, 5));
    for (var e : Trees.tensors(model.init(Key.of(11), Shape.of(5), DType.FLOAT32)).entrySet()) {
      at = at.with("p." + e.getKey(), e.getValue());
    }
    var g = AD.grad(loss, at);
    assertFalse(g.containsKey("ids"));
    assertTrue(g.values().stream().allMatch(Tensor::allFinite));
    assertEquals(DType.FLOAT32, g.get("p.tokens.table").dtype());
  }

  @Test
  void shouldNameTheShapeWhenHeadsDoNotDivideTheModel() {
    var e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(3, false).outputShape(Shape.of(5, 4)));
    assertTrue(e.getMessage().contains("divisible by 3 heads"), e.getMessage());
  }
}
