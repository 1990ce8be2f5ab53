package dev.fluxion.examples;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;

/** The README's training example: a one-hidden-layer MLP on three interleaved spirals, in float32. */
public final class TrainQuickStart {
  private TrainQuickStart() {}

  /** Trains quietly and prints the training accuracy. */
  public static void main(String[] args) {
    // readme:start
    var dtype = DType.FLOAT32;                                            // or DType.FLOAT64
    var data = Synthetic.spirals(3, 100, 0.2, Key.of(7)).cast(dtype);    // 300 points, 3 classes
    var model = Mlp.of(Activation.relu(), 100, 3);                        // 2 -> 100 -> ReLU -> 3
    var params = model.init(Key.of(2), Shape.of(2), dtype);              // a record tree of Expr leaves
    var loader = DataLoader.of(data, 32).withShuffle(Key.of(3));          // shuffled each epoch
    var trainer = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(0.01));
    var fitted = trainer.fit(params, loader, FitOptions.epochs(150).withQuiet(true));
    var eval = trainer.evaluate(fitted.params(), fitted.modelState(), data, 300);
    System.out.println(eval.accuracy());                                 // 0.9933333333333333
    // readme:end
  }
}
