package dev.fluxion.nn.dtype;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.data.Transforms;
import dev.fluxion.nn.init.Initializers;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Conv;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Dropout;
import dev.fluxion.nn.layer.LayerNorm;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.layer.Pool;
import dev.fluxion.nn.layer.Reshape;
import dev.fluxion.nn.layer.Residual;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Models in float32: init in a dtype, float32 data, training keeps float32, mismatches are errors naming both dtypes. */
class Float32ModelTest {
  private static final Sequential EVERY_LAYER = Sequential.of(Conv.same(2, 3), BatchNorm.of(), Activation.relu(),
      Pool.max(2), Reshape.flatten(), Dense.of(6), LayerNorm.of(), new Residual<>(Dense.of(6)), new Dropout(0.2),
      Dense.of(3));
  private static final Shape IMAGE = Shape.of(1, 4, 4);

  @Nested
  class Init {
    @Test
    void shouldCreateEveryLayersParametersAndStateInTheDTypeAsTheFloat64OnesRounded() {
      List<Object> p64 = EVERY_LAYER.init(Key.of(3), IMAGE);
      List<Object> p32 = EVERY_LAYER.init(Key.of(3), IMAGE, DType.FLOAT32);
      Map<String, Tensor> wide = Trees.tensors(p64);
      Map<String, Tensor> narrow = Trees.tensors(p32);
      assertEquals(wide.keySet(), narrow.keySet());
      for (var e : wide.entrySet()) {
        assertEquals(DType.FLOAT32, narrow.get(e.getKey()).dtype(), e.getKey());
        assertEquals(e.getValue().cast(DType.FLOAT32), narrow.get(e.getKey()), e.getKey());
      }
      assertEquals(DType.FLOAT32, Trees.dtype(EVERY_LAYER.initState(IMAGE, DType.FLOAT32), DType.FLOAT64));
      assertEquals(DType.FLOAT64, Trees.dtype(EVERY_LAYER.initState(IMAGE), DType.FLOAT32));
    }

    @Test
    void shouldApplyAFloat32ModelToFloat32BatchesGivingFloat32Outputs() {
      List<Object> params = EVERY_LAYER.init(Key.of(3), IMAGE, DType.FLOAT32);
      List<Object> state = EVERY_LAYER.initState(IMAGE, DType.FLOAT32);
      Tensor x = Tensor.normal(Key.of(4), Shape.of(5, 1, 4, 4), 0, 1).cast(DType.FLOAT32);
      var train = EVERY_LAYER.apply(params, state, Fx.constant(x), Mode.train(Fx.scalar(7)));
      assertEquals(DType.FLOAT32, train.y().dtype());
      assertEquals(DType.FLOAT32, Trees.dtype(train.state(), DType.FLOAT64));
      var eval = EVERY_LAYER.apply(params, state, Fx.constant(x), Mode.eval());
      assertEquals(DType.FLOAT32, eval.y().dtype());
    }

    @Test
    void shouldDrawInitializersInTheDType() {
      Tensor t = Initializers.kaimingNormal().init(Key.of(1), Shape.of(3, 4), DType.FLOAT32);
      assertEquals(DType.FLOAT32, t.dtype());
      assertEquals(Initializers.kaimingNormal().init(Key.of(1), Shape.of(3, 4)).cast(DType.FLOAT32), t);
      assertEquals(DType.FLOAT32, Dense.of(2).withWeights(Initializers.xavierUniform())
          .init(Key.of(1), Shape.of(3), DType.FLOAT32).w().dtype());
    }
  }

  @Nested
  class TreeCast {
    @Test
    void shouldCastEveryLeafAndBackExactly() {
      List<Object> p64 = Mlp.of(Activation.relu(), 4, 2).init(Key.of(1), Shape.of(3));
      List<Object> p32 = Trees.cast(p64, DType.FLOAT32);
      assertEquals(DType.FLOAT32, Trees.dtype(p32, DType.FLOAT64));
      assertEquals(Trees.tensors(p32), Trees.tensors(Trees.cast(Trees.cast(p32, DType.FLOAT64), DType.FLOAT32)));
      assertEquals(Trees.tensors(p64), Trees.tensors(Trees.cast(p64, DType.FLOAT64)));
    }

    @Test
    void shouldNameBothLeavesWhenATreeMixesDTypes() {
      var mixed = new Dense.Params(Fx.constant(Tensor.zeros(2, 2)), Fx.constant(Tensor.zeros(Shape.of(2), DType.FLOAT32)));
      var e = assertThrows(IllegalArgumentException.class, () -> Trees.dtype(mixed, DType.FLOAT64));
      assertTrue(e.getMessage().contains("w is float64") && e.getMessage().contains("b is float32"), e.getMessage());
      assertEquals(DType.FLOAT32, Trees.dtype(List.of(), DType.FLOAT32));
    }
  }

  @Nested
  class Data {
    @Test
    void shouldGiveBatchesInTheDatasetsDType() {
      Dataset d = Synthetic.spirals(3, 10, 0.2, Key.of(1)).map(Transforms.oneHot(3)).cast(DType.FLOAT32);
      assertEquals(DType.FLOAT32, d.dtype());
      Batch b = DataLoader.of(d, 4).batches(0).iterator().next();
      assertEquals(DType.FLOAT32, b.x().dtype());
      assertEquals(DType.FLOAT32, b.y().dtype());
      Dataset wide = Synthetic.spirals(3, 10, 0.2, Key.of(1));
      assertEquals(wide.batch(new int[] {3, 1}).x().cast(DType.FLOAT32), d.batch(new int[] {3, 1}).x());
      assertEquals(DType.FLOAT32, d.get(0).x().dtype());
      assertEquals(DType.FLOAT32, d.features().dtype());
      assertEquals(DType.FLOAT32, DataLoader.of(wide, 4).cast(DType.FLOAT32).dtype());
    }

    @Test
    void shouldKeepTheDTypeThroughTransformsSelectionAndConcat() {
      Dataset d = Synthetic.spirals(2, 10, 0.2, Key.of(1)).cast(DType.FLOAT32);
      assertEquals(DType.FLOAT32, d.map(Transforms.normalize(0.5, 2)).dtype());
      assertEquals(DType.FLOAT32, d.map(Transforms.normalize(0.5, 2)).get(0).x().dtype());
      assertEquals(DType.FLOAT32, d.map(Transforms.standardize(d)).dtype());
      assertEquals(DType.FLOAT32, d.take(3).concat(d.take(2)).dtype());
      assertEquals(DType.FLOAT32, Dataset.of(d.features(), Tensor.zeros(d.size())).targets().dtype());
      var e = assertThrows(IllegalArgumentException.class, () -> d.concat(d.cast(DType.FLOAT64)));
      assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
    }
  }

  @Nested
  class LossesInFloat32 {
    @Test
    void shouldGiveFloat32LossesCloseToTheFloat64Ones() {
      Tensor logits = Tensor.normal(Key.of(5), Shape.of(6, 3), 0, 2);
      Tensor labels = Tensor.of(new double[] {0, 1, 2, 2, 1, 0}, 6);
      Tensor oneHot = Tensor.oneHot(new int[] {0, 1, 2, 2, 1, 0}, 3);
      Tensor target = Tensor.uniform(Key.of(6), Shape.of(6, 3), 0, 1);
      List<java.util.function.BiFunction<Tensor, DType, dev.fluxion.autodiff.expr.Expr>> losses = List.of(
          (t, d) -> Losses.mse(Fx.constant(t.cast(d)), Fx.constant(target.cast(d))),
          (t, d) -> Losses.mae(Fx.constant(t.cast(d)), Fx.constant(target.cast(d))),
          (t, d) -> Losses.huber(Fx.constant(t.cast(d)), Fx.constant(target.cast(d)), 1.0),
          (t, d) -> Losses.binaryCrossEntropyWithLogits(Fx.constant(t.cast(d)), Fx.constant(target.cast(d))),
          (t, d) -> Losses.softmaxCrossEntropy(Fx.constant(t.cast(d)), Fx.constant(labels.cast(d))),
          (t, d) -> Losses.softmaxCrossEntropyOneHot(Fx.constant(t.cast(d)), Fx.constant(oneHot.cast(d))),
          (t, d) -> Losses.multiClassHinge(Fx.constant(t.cast(d)), Fx.constant(labels.cast(d)), 1.0));
      for (int i = 0; i < losses.size(); i++) {
        Tensor narrow = dev.fluxion.autodiff.ad.AD.eval(losses.get(i).apply(logits, DType.FLOAT32), dev.fluxion.autodiff.ad.Bindings.of());
        Tensor wide = dev.fluxion.autodiff.ad.AD.eval(losses.get(i).apply(logits.cast(DType.FLOAT32)
            .cast(DType.FLOAT64), DType.FLOAT64), dev.fluxion.autodiff.ad.Bindings.of());
        assertEquals(DType.FLOAT32, narrow.dtype(), "loss " + i);
        assertEquals(wide.item(), narrow.item(), 1e-6 * Math.max(1, Math.abs(wide.item())), "loss " + i);
      }
    }
  }

  @Nested
  class Training {
    @Test
    void shouldTrainAFloat32MlpKeepingEveryLeafFloat32() {
      Dataset spirals = Synthetic.spirals(3, 60, 0.2, Key.of(7)).cast(DType.FLOAT32);
      Sequential model = Mlp.of(Activation.relu(), 32, 3);
      var optimizer = Optimizers.adam(0.01);
      var fitted = Trainer.of(model, Losses::softmaxCrossEntropy, optimizer)
          .fit(model.init(Key.of(2), Shape.of(2), DType.FLOAT32), DataLoader.of(spirals, 30).withShuffle(Key.of(3)),
              FitOptions.epochs(40).withQuiet(true));
      var epochs = fitted.history().epochs();
      assertTrue(epochs.get(epochs.size() - 1).trainLoss() < 0.7 * epochs.get(0).trainLoss(),
          "loss " + epochs.get(0).trainLoss() + " -> " + epochs.get(epochs.size() - 1).trainLoss());
      assertEquals(DType.FLOAT32, Trees.dtype(fitted.params(), DType.FLOAT64));
      for (Tensor t : Trees.tensors(fitted.state().optimizerState()).values()) {
        assertTrue(t.dtype() == DType.FLOAT32 || t.rank() == 0, "optimizer state leaf " + t);
      }
      var eval = Trainer.evaluate(model, fitted.params(), fitted.modelState(), Losses::softmaxCrossEntropy, spirals, 60);
      assertTrue(eval.accuracy() > 0.6, "accuracy " + eval.accuracy());
    }

    @Test
    void shouldRejectAFloat64LoaderForAFloat32ModelNamingBothDTypes() {
      Dataset data = Synthetic.xor();
      Sequential model = Mlp.of(Activation.tanh(), 4, 2);
      var e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(model, Losses::softmaxCrossEntropy,
          Optimizers.sgd(0.1)).fit(model.init(Key.of(1), Shape.of(2), DType.FLOAT32), DataLoader.of(data, 4),
              FitOptions.epochs(1).withQuiet(true)));
      assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("float32"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> Trainer.predict(model,
          model.init(Key.of(1), Shape.of(2), DType.FLOAT32), model.initState(Shape.of(2)), data.features(), 4));
      assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("float32"), e.getMessage());
    }
  }
}
