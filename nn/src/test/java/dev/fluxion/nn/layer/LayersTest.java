package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import io.vavr.collection.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LayersTest {
  private static Tensor eval(Expr e) {
    return AD.eval(e, Bindings.of());
  }

  @Nested
  class Shapes {
    private final Sequential cnn = Sequential.of(Conv.same(8, 3), Activation.relu(), Pool.max(2),
        Conv.same(16, 3), Activation.relu(), Pool.max(2), Reshape.flatten(), Dense.of(10));

    @Test
    void shouldInferOutputShapesPerExample() {
      assertEquals(Shape.of(10), cnn.outputShape(Shape.of(1, 28, 28)));
      assertEquals(Shape.of(16, 7, 7), Sequential.of(cnn.layers().subList(0, 6).toArray(Layer[]::new))
          .outputShape(Shape.of(1, 28, 28)));
    }

    @Test
    void shouldSummarizeLayersAndParameterCounts() {
      String s = cnn.summary(Shape.of(1, 28, 28), Key.of(0));
      assertTrue(s.contains("Conv(8, 3x3, stride 1, pad 1)"), s);
      assertTrue(s.contains("[16, 7, 7]"), s);
      long expected = (8 * 9 + 8) + (16 * 8 * 9 + 16) + (784 * 10 + 10);
      assertTrue(s.contains("total parameters: " + expected), s);
      assertEquals(expected, Trees.count(cnn.init(Key.of(0), Shape.of(1, 28, 28))));
    }

    @Test
    void shouldApplyToABatch() {
      var params = cnn.init(Key.of(1), Shape.of(1, 28, 28));
      var out = cnn.apply(params, cnn.initState(Shape.of(1, 28, 28)), constant(Tensor.zeros(2, 1, 28, 28)), Mode.eval());
      assertEquals(Shape.of(2, 10), out.y().shape());
    }

    @Test
    void shouldExposeTheKernelGeometryOfConvAndPool() {
      assertEquals(new ConvGeometry(2, 2, 1, 1), new Conv(4, 3, 2, 1).geometry());
      assertEquals(new PoolGeometry(3, 3, 2, 2), new Pool(false, 3, 2).geometry());
      assertEquals(Shape.of(4, 4, 3), new Conv(4, 3, 2, 1).outputShape(Shape.of(2, 7, 5)));
      assertThrows(IllegalArgumentException.class, () -> new Conv(4, 3, 0, 1));
      assertThrows(IllegalArgumentException.class, () -> new Pool(true, 2, 0));
    }

    @Test
    void shouldNameTheLayerAndShapeOnBadInput() {
      var e = assertThrows(IllegalArgumentException.class, () -> Dense.of(3).outputShape(Shape.scalar()));
      assertTrue(e.getMessage().contains("Dense") && e.getMessage().contains("rank >= 1"), e.getMessage());
      assertEquals(Shape.of(7, 3), Dense.of(3).outputShape(Shape.of(7, 2)), "a sequence maps each position");
      var r = assertThrows(IllegalArgumentException.class,
          () -> new Residual<>(Dense.of(3)).outputShape(Shape.of(4)));
      assertTrue(r.getMessage().contains("preserve"), r.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
      assertThrows(IllegalArgumentException.class, () -> Sequential.of());
    }
  }

  @Test
  void shouldInitializeDeterministicallyFromTheKey() {
    Sequential mlp = Mlp.of(Activation.relu(), 16, 3);
    assertEquals(Trees.tensors(mlp.init(Key.of(5), Shape.of(4))), Trees.tensors(mlp.init(Key.of(5), Shape.of(4))));
    assertNotEquals(Trees.tensors(mlp.init(Key.of(5), Shape.of(4))), Trees.tensors(mlp.init(Key.of(6), Shape.of(4))));
  }

  @Nested
  class DropoutBehaviour {
    private final Expr x = constant(Tensor.ones(200, 50));

    @Test
    void shouldBeTheIdentityInEvaluation() {
      assertSame(x, new Dropout(0.5).forward(NoParams.INSTANCE, x, Mode.eval()));
    }

    @Test
    void shouldDropAboutRateAndRescale() {
      Tensor y = eval(new Dropout(0.3).forward(NoParams.INSTANCE, x, Mode.train(3)));
      double kept = y.gt(Tensor.scalar(0)).mean().item();
      assertEquals(0.7, kept, 0.02);
      assertEquals(1.0, y.mean().item(), 0.03);
      assertEquals(1 / 0.7, y.max().item(), 1e-12);
    }

    @Test
    void shouldDrawTheSameMaskForTheSameSeedAndStream() {
      Dropout d = new Dropout(0.5);
      assertEquals(eval(d.forward(NoParams.INSTANCE, x, Mode.train(4))), eval(d.forward(NoParams.INSTANCE, x, Mode.train(4))));
      assertNotEquals(eval(d.forward(NoParams.INSTANCE, x, Mode.train(4))),
          eval(d.forward(NoParams.INSTANCE, x, Mode.train(4).child(1))));
    }
  }

  @Nested
  class BatchNormBehaviour {
    private final BatchNorm bn = new BatchNorm(0.5, 1e-5);
    private final Tensor batch = Tensor.matrix(new double[] {1, 10}, new double[] {3, 20}, new double[] {5, 60});

    @Test
    void shouldNormalizeWithBatchStatisticsAndUpdateRunningOnes() {
      var p = bn.init(Key.of(0), Shape.of(2));
      var out = bn.apply(p, bn.initState(Shape.of(2)), constant(batch), Mode.train(0));
      Tensor y = eval(out.y());
      assertEquals(0.0, y.mean(new int[] {0}, false).abs().max().item(), 1e-12);
      assertEquals(1.0, y.pow(2).mean(new int[] {0}, false).get(0), 1e-4);
      // running mean: 0.5 * 0 + 0.5 * [3, 30]; running var: 0.5 * 1 + 0.5 * unbiased [4, 700]
      assertEquals(Tensor.vector(1.5, 15), Trees.value(out.state().mean()));
      assertTrue(Tensor.vector(2.5, 350.5).allClose(Trees.value(out.state().var()), 1e-12, 1e-12));
    }

    @Test
    void shouldUseRunningStatisticsInEvaluation() {
      var p = bn.init(Key.of(0), Shape.of(2));
      var state = new BatchNorm.State(constant(Tensor.vector(1, 10)), constant(Tensor.vector(4, 100)));
      var out = bn.apply(p, state, constant(batch), Mode.eval());
      assertTrue(Tensor.vector(0, 0).allClose(eval(out.y()).select(0, 0), 1e-12, 1e-5));
      assertSame(state, out.state());
    }
  }

  @Test
  void shouldDrawWeightsFromACustomInitializerWithZeroBias() {
    var dense = Dense.of(400).withWeights(dev.fluxion.nn.init.Initializers.kaimingNormal());
    var p = dense.init(Key.of(3), Shape.of(500));
    assertEquals(Math.sqrt(2.0 / 500), Math.sqrt(Trees.value(p.w()).pow(2).mean().item()), 0.01);
    assertEquals(Tensor.zeros(400), Trees.value(p.b()));
    var conv = Conv.same(4, 3).withWeights(dev.fluxion.nn.init.Initializers.xavierUniform());
    assertEquals(Shape.of(4, 2, 3, 3), conv.init(Key.of(1), Shape.of(2, 5, 5)).w().shape());
  }

  @Test
  void shouldGiveSequentialParamsAsAListOfChildren() {
    Sequential s = Sequential.of(Dense.of(3), Activation.tanh(), Dense.of(2));
    java.util.List<Object> p = s.init(Key.of(0), Shape.of(4));
    assertEquals(java.util.List.of("0.w", "0.b", "2.w", "2.b"), Trees.flatten(p).paths());
  }
}
