package dev.fluxion.nn.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One compiled model shared by request threads gives the same bits as sequential calls. */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int CALLS = 120;
  private static final int[] SIZES = {1, 2, 3, 5, 7, 8, 13, 16};

  private final Sequential model = Sequential.of(Dense.of(16), BatchNorm.of(), Activation.tanh(), Dense.of(3));
  private final List<Object> params = model.init(Key.of(1), Shape.of(4));
  private final List<Object> state = model.initState(Shape.of(4));

  private Tensor batch(int call) {
    return Tensor.normal(Key.of(100 + call), Shape.of(SIZES[call % SIZES.length], 4), 0, 1);
  }

  private Tensor labels(int call) {
    double[] y = new double[SIZES[call % SIZES.length]];
    for (int i = 0; i < y.length; i++) {
      y[i] = (call + i) % 3;
    }
    return Tensor.of(y, y.length);
  }

  /** Runs predict, evaluate and a training step for one call; the results as tensors. */
  private List<Tensor> call(CompiledModel<List<Object>, List<Object>> m, int call) {
    List<Tensor> out = new ArrayList<>();
    out.add(m.predict(params, state, batch(call)));
    var e = m.evaluate(params, state, batch(call), labels(call));
    out.add(Tensor.scalar(e.loss()));
    out.add(e.outputs());
    var s = m.step(params, state, batch(call), labels(call), call);
    out.add(Tensor.scalar(s.loss()));
    out.addAll(Trees.tensors(s.grads()).values());
    out.addAll(Trees.tensors(s.state()).values());
    return out;
  }

  private CompiledModel<List<Object>, List<Object>> compiled() {
    return new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, Shape.of(4), Shape.of());
  }

  @Test
  void shouldGiveSequentialResultsBitForBitUnderConcurrentCallsOfMixedBatchSizes() throws Exception {
    var sequential = compiled();
    List<List<Tensor>> expected = new ArrayList<>();
    for (int c = 0; c < CALLS; c++) {
      expected.add(call(sequential, c));
    }
    var shared = compiled();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<Tensor>>> futures = new ArrayList<>();
      for (int c = 0; c < CALLS; c++) {
        int call = c;
        futures.add(pool.submit(() -> {
          go.await();
          return call(shared, call);
        }));
      }
      go.countDown();
      for (int c = 0; c < CALLS; c++) {
        List<Tensor> got = futures.get(c).get();
        assertEquals(expected.get(c).size(), got.size());
        for (int i = 0; i < got.size(); i++) {
          assertArrayEquals(expected.get(c).get(i).toArray(), got.get(i).toArray(), "call " + c + ", result " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldPredictConcurrentlyThroughTheTrainer() throws Exception {
    Tensor x = Tensor.normal(Key.of(9), Shape.of(37, 4), 0, 1);
    Tensor want = Trainer.predict(model, params, state, x, 5);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Tensor>> futures = new ArrayList<>();
      for (int i = 0; i < 4 * THREADS; i++) {
        int size = 1 + i % 9;
        futures.add(pool.submit(() -> Trainer.predict(model, params, state, x, size)));
      }
      for (Future<Tensor> f : futures) {
        assertArrayEquals(want.toArray(), f.get().toArray());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
