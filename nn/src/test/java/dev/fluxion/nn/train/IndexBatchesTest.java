package dev.fluxion.nn.train;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Transformer;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.tree.Trees;
import org.junit.jupiter.api.Test;

/** int32 batches (token ids in, next tokens out) through the compiled training step and the compiled model. */
class IndexBatchesTest {
  private static final int V = 5;
  private static final int T = 6;
  private static final Transformer MODEL = new Transformer(V, 8, 2, 1, T, 0.0);

  /** Mean next-token cross-entropy over every position: logits {@code [N, T, V]}, int32 targets {@code [N, T]}. */
  private static Expr nextToken(Expr logits, Expr targets) {
    int n = logits.shape().dim(0) * logits.shape().dim(1);
    return Losses.softmaxCrossEntropy(reshape(logits, n, V), reshape(targets, n));
  }

  /** Windows of the cycle 0 1 2 3 4 0 1 ...: each token predicts its successor. */
  private static Tensor window(int offset, int n, int shift) {
    int[] ids = new int[n * T];
    for (int b = 0; b < n; b++) {
      for (int t = 0; t < T; t++) {
        ids[b * T + t] = (offset + b + t + shift) % V;
      }
    }
    return Tensor.of(ids, n, T);
  }

  @Test
  void shouldTrainALanguageModelOnIntegerTokensAndMatchTheEagerStep() {
    var params = MODEL.init(Key.of(1), Shape.of(T), DType.FLOAT32);
    var opt = Optimizers.adam(3e-2);
    var step = TrainStep.builder(MODEL, IndexBatchesTest::nextToken, opt).build(params, dev.fluxion.nn.layer.NoState.INSTANCE,
        Shape.of(T), Shape.of(T));
    var compiled = new CompiledModel<>(MODEL, IndexBatchesTest::nextToken, null, params,
        dev.fluxion.nn.layer.NoState.INSTANCE, Shape.of(T), Shape.of(T));
    var state = opt.init(params);
    var p = params;
    double first = Double.NaN;
    double last = Double.NaN;
    for (int i = 0; i < 40; i++) {
      Tensor x = window(i, 4, 0);
      Tensor y = window(i, 4, 1);
      if (i == 0) {
        var eager = compiled.step(p, dev.fluxion.nn.layer.NoState.INSTANCE, x, y, i);
        var r = step.apply(p, state, dev.fluxion.nn.layer.NoState.INSTANCE, x, y, i);
        assertEquals(eager.loss(), r.loss(), "compiled step and compiled model agree on the loss");
      }
      var r = step.apply(p, state, dev.fluxion.nn.layer.NoState.INSTANCE, x, y, i);
      p = r.params();
      state = r.optState();
      first = i == 0 ? r.loss() : first;
      last = r.loss();
      assertEquals(DType.FLOAT32, Trees.dtype(p, DType.FLOAT64));
    }
    assertTrue(last < 0.25 * first, "loss " + first + " -> " + last + " on a predictable cycle");
    Tensor logits = compiled.predict(p, dev.fluxion.nn.layer.NoState.INSTANCE, window(0, 1, 0));
    assertEquals(Shape.of(1, T, V), logits.shape());
    assertEquals(Tensor.of(new int[] {1, 2, 3, 4, 0, 1}, 1, T), logits.argmax(-1).cast(DType.INT32),
        "greedy next tokens follow the cycle");
  }

  @Test
  void shouldRejectAFloat64BatchForAFloat32ModelNamingInt32AsTheAlternative() {
    var params = MODEL.init(Key.of(1), Shape.of(T), DType.FLOAT32);
    var opt = Optimizers.sgd(0.1);
    var step = TrainStep.builder(MODEL, IndexBatchesTest::nextToken, opt).build(params, dev.fluxion.nn.layer.NoState.INSTANCE,
        Shape.of(T), Shape.of(T));
    var e = assertThrows(IllegalArgumentException.class, () -> step.apply(params, opt.init(params),
        dev.fluxion.nn.layer.NoState.INSTANCE, window(0, 2, 0).cast(DType.FLOAT64), window(0, 2, 1), 0));
    assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("int32"), e.getMessage());
  }
}
