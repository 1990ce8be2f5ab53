package dev.fluxion.nn.docs;

import static dev.fluxion.nn.docs.NnGuidePage.fmt;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.OptimizerState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated blocks of the nn guide's section "float32 or float64": a code region of this file
 * and what it prints.
 */
final class DTypeSection {
  static final String SOURCE = "src/test/java/dev/fluxion/nn/docs/DTypeSection.java";

  private DTypeSection() {}

  /** The blocks, by name. */
  static Map<String, String> blocks() {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("code-dtype", DocBlocks.region(SOURCE, "dtype"));
    b.put("dtype", dtype());
    return b;
  }

  private static String dtype() {
    List<String> out = new ArrayList<>();
    // docs:start dtype
    Dataset data = Synthetic.spirals(3, 100, 0.2, Key.of(7)).cast(DType.FLOAT32);  // batches in float32
    var model = Mlp.of(Activation.relu(), 64, 3);
    var params = model.init(Key.of(2), Shape.of(2), DType.FLOAT32);               // JAX's dtype= at init
    var trainer = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(0.02));
    var fitted = trainer.fit(params, DataLoader.of(data, 32), FitOptions.epochs(30).withQuiet(true));
    var adam = (OptimizerState.AdamState) fitted.state().optimizerState().states().get(0);
    out.add("parameters " + Trees.dtype(fitted.params(), DType.FLOAT64) + ", Adam's moments "
        + Trees.dtype(adam.mu(), DType.FLOAT64) + ", its step counter " + adam.count().dtype() + ", accuracy "
        + fmt(trainer.evaluate(fitted.params(), fitted.modelState(), data, 300).accuracy()));
    var wide = Trees.cast(fitted.params(), DType.FLOAT64);                          // PyTorch's model.to(float64)
    try {
      trainer.evaluate(wide, fitted.modelState(), data, 300);                      // float64 model, float32 data
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage());
    }
    // docs:end dtype
    return DocBlocks.code(out.toArray(new String[0]));
  }
}
