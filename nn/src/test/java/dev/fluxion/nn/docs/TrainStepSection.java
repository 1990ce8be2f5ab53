package dev.fluxion.nn.docs;

import static dev.fluxion.nn.docs.NnGuidePage.fmt;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.CompiledModel;
import dev.fluxion.nn.train.TrainStep;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated blocks of the nn guide's section "The compiled training step": a code region of
 * this file and what it prints.
 */
final class TrainStepSection {
  static final String SOURCE = "src/test/java/dev/fluxion/nn/docs/TrainStepSection.java";

  private TrainStepSection() {}

  /** The blocks, by name. */
  static Map<String, String> blocks() {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("code-trainstep", DocBlocks.region(SOURCE, "trainstep"));
    b.put("trainstep", trainStep());
    return b;
  }

  private static String trainStep() {
    List<String> out = new ArrayList<>();
    // docs:start trainstep
    Dataset data = Synthetic.spirals(3, 100, 0.2, Key.of(7));
    var model = Dense.of(64).andThen(Activation.relu()).andThen(Dense.of(3));
    var params = model.init(Key.of(2), Shape.of(2));
    var modelState = model.initState(Shape.of(2));
    var adam = Optimizers.adam(0.02);
    var optState = adam.init(params);
    var step = TrainStep.builder(model, Losses::softmaxCrossEntropy, adam)    // jax.jit(train_step)
        .build(params, modelState, data.featureShape(), data.targetShape());
    var eager = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, modelState,
        data.featureShape(), data.targetShape());
    var eagerParams = params;
    var eagerOpt = optState;
    double loss = Double.NaN;
    for (Batch b : DataLoader.of(data, 32).batches(0)) {                  // one epoch: 9 batches of 32, one of 12
      var r = step.apply(params, optState, modelState, b, 0);            // (params, optState, modelState, batch, seed)
      params = r.params();
      optState = r.optState();
      modelState = r.modelState();
      loss = r.loss();
      var g = eager.step(eagerParams, model.initState(Shape.of(2)), b.x(), b.y(), 0);  // the same step, eagerly:
      var u = adam.update(g.grads(), eagerOpt, eagerParams);                         // gradient plan, then
      eagerParams = Optimizers.applyUpdates(eagerParams, u.updates());               // update on constants
      eagerOpt = u.state();
    }
    out.add("plans: " + step.planSize(32) + " nodes for batches of 32, " + step.planSize(12) + " for 12");
    out.add("last batch loss " + fmt(loss) + "; same bits as the eager update: "
        + Trees.tensors(params).equals(Trees.tensors(eagerParams)));
    // docs:end trainstep
    return DocBlocks.code(out.toArray(new String[0]));
  }
}
