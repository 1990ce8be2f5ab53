package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Conv;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Pool;
import dev.fluxion.nn.layer.Reshape;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-example gradients by vmap equal the gradients of batches of one, one at a time, and average to the
 * batch gradient: for an MLP and for a CNN (whose convolution and pooling fold the batch, and whose
 * kernel gradient runs per example).
 */
class PerExampleGradsTest {
  private static final int N = 6;

  private static Tensor row(Tensor t, int k) {
    int[] start = new int[t.rank()];
    int[] stop = t.shape().toArray();
    int[] step = new int[t.rank()];
    java.util.Arrays.fill(step, 1);
    start[0] = k;
    stop[0] = k + 1;
    return t.slice(start, stop, step);
  }

  private static Tensor labels() {
    double[] l = new double[N];
    for (int i = 0; i < N; i++) {
      l[i] = (i * 7) % 3;
    }
    return Tensor.of(l, N);
  }

  private static void checkModel(Sequential model, Shape example) {
    List<Object> params = model.init(Key.of(1), example);
    List<Object> state = model.initState(example);
    int[] d = new int[example.rank() + 1];
    d[0] = N;
    System.arraycopy(example.toArray(), 0, d, 1, example.rank());
    Tensor x = Tensor.normal(Key.of(2), Shape.of(d), 0, 1);
    Tensor y = labels();
    var compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, example, Shape.of());
    var per = compiled.perExampleGrads(params, state, x, y, 0);
    assertEquals(Shape.of(N), per.losses().shape());
    Map<String, Tensor> grads = Trees.tensors(per.grads());
    Map<String, Tensor> batch = Trees.tensors(compiled.step(params, state, x, y, 0).grads());
    for (int k = 0; k < N; k++) {
      var one = compiled.step(params, state, row(x, k), row(y, k), 0);
      assertEquals(one.loss(), per.losses().toArray()[k], 1e-12, "loss of example " + k);
      int kk = k;
      Trees.tensors(one.grads()).forEach((path, g) -> {
        Tensor got = row(grads.get(path), kk).reshape(g.shape());
        assertTrue(got.allClose(g, 1e-11, 1e-13), path + " of example " + kk + ": " + got + " vs " + g);
      });
    }
    grads.forEach((path, g) -> assertTrue(g.sum(new int[] {0}, false).div(N).allClose(batch.get(path), 1e-11, 1e-13),
        path + ": the mean of the per-example gradients is the batch gradient"));
  }

  @Test
  void shouldEqualOneExampleAtATimeForAnMlp() {
    checkModel(Mlp.of(Activation.relu(), 5, 3), Shape.of(4));
  }

  @Test
  void shouldEqualOneExampleAtATimeForACnn() {
    checkModel(Sequential.of(Conv.same(2, 3), Activation.relu(), Pool.max(2), Reshape.flatten(), Dense.of(3)),
        Shape.of(1, 4, 4));
  }

  @Test
  void shouldRefuseAModelWithBatchStatistics() {
    Sequential model = Sequential.of(Dense.of(3), BatchNorm.of(), Dense.of(3));
    List<Object> params = model.init(Key.of(1), Shape.of(4));
    List<Object> state = model.initState(Shape.of(4));
    var compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, Shape.of(4), Shape.of());
    var e = assertThrows(IllegalArgumentException.class, () -> compiled.perExampleGrads(params, state,
        Tensor.zeros(N, 4), labels(), 0));
    assertTrue(e.getMessage().contains("layer norm"), e.getMessage());
  }
}
