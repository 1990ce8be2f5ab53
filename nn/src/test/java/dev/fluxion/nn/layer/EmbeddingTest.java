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

/** Embedding, positions and RMSNorm: values against direct formulas, gradients, errors. */
class EmbeddingTest {
  private static final Embedding EMB = new Embedding(7, 3);

  @Test
  void shouldLookUpRowsOfTheTableForIntegerIds() {
    Embedding.Params p = EMB.init(Key.of(1), Shape.of(4));
    Tensor table = Trees.tensors(p).get("table");
    Tensor ids = Tensor.of(new int[] {6, 0, 6, 2, 1, 1, 1, 5}, 2, 4);
    Tensor y = AD.eval(EMB.forward(p, constant(ids), Mode.eval()), Bindings.of());
    assertEquals(Shape.of(2, 4, 3), y.shape());
    assertEquals(EMB.outputShape(Shape.of(4)), Shape.of(4, 3));
    for (int n = 0; n < 2; n++) {
      for (int t = 0; t < 4; t++) {
        for (int d = 0; d < 3; d++) {
          assertEquals(table.get((int) ids.get(n, t), d), y.get(n, t, d));
        }
      }
    }
    assertEquals(DType.FLOAT32, EMB.forward(EMB.init(Key.of(1), Shape.of(4), DType.FLOAT32), constant(ids),
        Mode.eval()).dtype(), "a float32 model keeps int32 ids");
  }

  @Test
  void shouldPassGradCheckWithRespectToTheTableToSecondOrder() {
    Embedding.Params p = Trees.trace(EMB.init(Key.of(2), Shape.of(5)), "p.");
    Var ids = new Var("ids", Shape.of(2, 5), DType.INT32);
    Expr y = EMB.forward(p, ids, Mode.eval());
    Expr loss = sum(tanh(y).times(y));
    Bindings at = Bindings.of("ids", Tensor.of(new int[] {1, 4, 4, 0, 6, 6, 6, 2, 3, 1}, 2, 5));
    at = at.with("p.table", Tensor.normal(Key.of(3), Shape.of(7, 3), 0, 0.5));
    Report r = GradCheck.check(loss, at);
    assertTrue(r.passed(), r::toString);
    Tensor g = AD.grad(loss, at, "p.table");
    assertEquals(0.0, g.gather(Tensor.of(new int[] {5}), 0).abs().sum().item(), "id 5 never occurs");
  }

  @Test
  void shouldRejectFloatIdsAndIdsOutOfTheVocabulary() {
    Embedding.Params p = EMB.init(Key.of(1), Shape.of(2));
    var e = assertThrows(IllegalArgumentException.class,
        () -> EMB.forward(p, constant(Tensor.vector(1, 2).reshape(1, 2)), Mode.eval()));
    assertTrue(e.getMessage().contains("must be int32, got float64"), e.getMessage());
    Var ids = new Var("ids", Shape.of(1, 2), DType.INT32);
    Expr y = EMB.forward(p, ids, Mode.eval());
    var r = assertThrows(IllegalArgumentException.class,
        () -> AD.eval(y, Bindings.of("ids", Tensor.of(new int[] {1, 7}, 1, 2))));
    assertTrue(r.getMessage().contains("index 7 at flat position 1"), r.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
  }

  @Test
  void shouldAddTheSinusoidalTableOfTheTransformer() {
    Tensor p = SinusoidalPositions.table(5, 4);
    assertEquals(Math.sin(3), p.get(3, 0), 1e-15);
    assertEquals(Math.cos(3), p.get(3, 1), 1e-15);
    assertEquals(Math.sin(3 / 100.0), p.get(3, 2), 1e-15);
    assertEquals(Math.cos(3 / 100.0), p.get(3, 3), 1e-15);
    Tensor x = Tensor.ones(2, 5, 4);
    Tensor y = AD.eval(new SinusoidalPositions().forward(NoParams.INSTANCE, constant(x), Mode.eval()), Bindings.of());
    assertEquals(x.plus(p), y);
  }

  @Test
  void shouldAddTheFirstTRowsOfLearnedPositionsAndRejectLongerSequences() {
    PositionalEmbedding pe = new PositionalEmbedding(6);
    PositionalEmbedding.Params p = pe.init(Key.of(4), Shape.of(3, 2));
    Tensor table = Trees.tensors(p).get("table");
    Tensor y = AD.eval(pe.forward(p, constant(Tensor.zeros(Shape.of(1, 3, 2))), Mode.eval()), Bindings.of());
    assertEquals(table.slice(new int[] {0, 0}, new int[] {3, 2}, new int[] {1, 1}).reshape(1, 3, 2), y);
    assertThrows(IllegalArgumentException.class, () -> pe.outputShape(Shape.of(7, 2)));
  }

  @Test
  void shouldNormalizeEachGroupOverItsChannelsAndPositions() {
    Tensor x = Tensor.normal(Key.of(5), Shape.of(2, 4, 3), 2, 3);
    GroupNorm gn = GroupNorm.of(2);
    Tensor y = AD.eval(gn.forward(gn.init(Key.of(0), Shape.of(4, 3)), constant(x), Mode.eval()), Bindings.of());
    for (int n = 0; n < 2; n++) {
      for (int g = 0; g < 2; g++) {
        Tensor group = y.slice(new int[] {n, 2 * g, 0}, new int[] {n + 1, 2 * g + 2, 3}, new int[] {1, 1, 1});
        assertEquals(0.0, group.mean().item(), 1e-12);
        assertEquals(1.0, group.times(group).mean().item(), 1e-4, "variance 1 up to eps");
      }
    }
    assertThrows(IllegalArgumentException.class, () -> gn.outputShape(Shape.of(3, 2)));
  }

  @Test
  void shouldNormalizeByTheRootMeanSquare() {
    Tensor x = Tensor.vector(3, 4).reshape(1, 2);
    RMSNorm n = new RMSNorm(1e-12);
    Tensor y = AD.eval(n.forward(n.init(Key.of(0), Shape.of(2)), constant(x), Mode.eval()), Bindings.of());
    double rms = Math.sqrt((9 + 16) / 2.0);
    assertTrue(y.allClose(Tensor.vector(3 / rms, 4 / rms).reshape(1, 2), 1e-12, 0));
  }
}
