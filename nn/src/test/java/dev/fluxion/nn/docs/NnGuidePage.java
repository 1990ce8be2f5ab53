package dev.fluxion.nn.docs;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.BatchNorm;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.optim.Schedule;
import dev.fluxion.nn.optim.Schedules;
import dev.fluxion.nn.optim.Transformations;
import dev.fluxion.nn.train.Checkpoints;
import dev.fluxion.nn.train.EarlyStopping;
import dev.fluxion.nn.train.EpochStats;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.TrainState;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.TreeCheck;
import dev.fluxion.nn.tree.TreeGrad;
import dev.fluxion.nn.tree.Flat;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The generated blocks of {@value #PATH}: code regions of this file, quoted verbatim, and what
 * they print.
 */
final class NnGuidePage {
  static final String PATH = "docs/nn-guide.md";
  static final String SOURCE = "src/test/java/dev/fluxion/nn/docs/NnGuidePage.java";

  private NnGuidePage() {}

  // docs:start record
  /** A parameter record: its {@code Expr} components are the leaves; {@code name} is static data. */
  record Affine(Expr w, Expr b, String name) {}
  // docs:end record

  static Map<String, String> blocks() {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("code-record", DocBlocks.region(SOURCE, "record"));
    b.put("code-trees", DocBlocks.region(SOURCE, "trees"));
    b.put("trees", trees());
    b.put("code-treecheck", DocBlocks.region(SOURCE, "treecheck"));
    b.put("treecheck", treeCheck());
    b.put("code-layers", DocBlocks.region(SOURCE, "layers"));
    b.put("layers", layers());
    b.put("code-batchnorm", DocBlocks.region(SOURCE, "batchnorm"));
    b.put("batchnorm", batchNorm());
    b.put("code-optimizer", DocBlocks.region(SOURCE, "optimizer"));
    b.put("optimizer", optimizer());
    b.put("code-chain", DocBlocks.region(SOURCE, "chain"));
    b.put("chain", chain());
    b.put("code-schedules", DocBlocks.region(SOURCE, "schedules"));
    b.put("schedules", schedules());
    NnGuideDataPage.addTo(b);
    b.putAll(TextSection.blocks());
    b.putAll(FullBatchSection.blocks());
    b.put("code-training", DocBlocks.region(SOURCE, "training"));
    b.put("training", training());
    b.putAll(TrainStepSection.blocks());
    b.putAll(DTypeSection.blocks());
    b.putAll(SequenceSection.blocks());
    b.put("code-earlystopping", DocBlocks.region(SOURCE, "earlystopping"));
    b.put("earlystopping", earlyStopping());
    b.put("code-checkpoint", DocBlocks.region(SOURCE, "checkpoint"));
    b.put("checkpoint", checkpoint());
    return b;
  }

  private static String trees() {
    List<String> out = new ArrayList<>();
    // docs:start trees
    var p = new Affine(constant(Tensor.matrix(new double[] {1, 2}, new double[] {3, 4})), constant(Tensor.vector(0.5, -0.5)),
        "layer1");
    var model = List.of(p, p);                                   // lists, maps, records, data classes nest
    out.add(Trees.show(model));                                  // one line per leaf, then the total
    Flat<Affine> flat = Trees.flatten(p);                        // leaves in order + the structure
    out.add("leaves at " + flat.paths() + ", structure " + flat.def());
    Affine traced = flat.def().unflatten(flat.variables("p"));   // the same record type, variables as leaves
    out.add("traced: w = " + traced.w() + ", b = " + traced.b() + ", name = " + traced.name());
    Affine g = TreeGrad.grad(q -> sum(square(matmul(q.w(), q.b()))), p);  // the gradient is an Affine too
    out.add("gradient: w = " + value(g.w()) + ", b = " + value(g.b()));
    // docs:end trees
    return DocBlocks.code(String.join("\n", out).split("\n"));
  }

  private static String treeCheck() {
    // docs:start treecheck
    Dense dense = Dense.of(3);
    Dense.Params params = dense.init(Key.of(1), Shape.of(2));
    Tensor x = Tensor.normal(Key.of(2), Shape.of(4, 2), 0, 1);
    Report r = TreeCheck.check(p -> sum(square(tanh(dense.forward(p, constant(x), Mode.eval())))), params);
    // docs:end treecheck
    return DocBlocks.code("passed: " + r.passed() + ", failures: " + r.failures().size());
  }

  private static String layers() {
    // docs:start layers
    Sequential net = Dense.of(16).andThen(Activation.relu()).andThen(Dense.of(3));
    var params = net.init(Key.of(0), Shape.of(2));               // a List of per-layer records
    var out = net.apply(params, net.initState(Shape.of(2)), constant(Tensor.ones(5, 2)), Mode.eval());
    String lines = net.describe() + "\n" + Trees.show(params) + "\noutput shape " + out.y().shape();
    // docs:end layers
    return DocBlocks.code(lines.split("\n"));
  }

  private static String batchNorm() {
    // docs:start batchnorm
    BatchNorm bn = BatchNorm.of();
    var x = constant(Tensor.matrix(new double[] {1, 10}, new double[] {3, 30}));   // batch of 2, 2 features
    BatchNorm.State s0 = bn.initState(Shape.of(2));
    Layer.Output<BatchNorm.State> train = bn.apply(bn.init(Key.of(0), Shape.of(2)), s0, x, Mode.train(1));
    Layer.Output<BatchNorm.State> eval = bn.apply(bn.init(Key.of(0), Shape.of(2)), train.state(), x, Mode.eval());
    // docs:end batchnorm
    return DocBlocks.code(
        "running mean before: " + value(s0.mean()) + ", after one training batch: " + value(train.state().mean()),
        "training output (batch statistics):   " + value(train.y()),
        "evaluation output (running statistics): " + value(eval.y()),
        "evaluation leaves the state unchanged: " + (eval.state() == train.state()));
  }

  private static String optimizer() {
    List<String> out = new ArrayList<>();
    // docs:start optimizer
    var opt = Optimizers.adam(0.1);                               // a GradientTransformation<ChainState>
    var params = new Affine(constant(Tensor.vector(3.0, -2.0)), constant(Tensor.vector(1.0)), "quadratic");
    Function<Affine, Expr> loss = q -> sum(square(q.w())).plus(sum(square(q.b())));
    var state = opt.init(params);
    for (int step = 1; step <= 60; step++) {
      var r = TreeGrad.valueAndGrad(loss, params);
      var update = opt.update(r.grads(), state, params);          // (updates, next state): nothing is mutated
      params = Optimizers.applyUpdates(params, update.updates());
      state = update.state();
      if (step % 20 == 0) {
        out.add("step " + step + "  loss " + fmt(r.value().item()));
      }
    }
    // docs:end optimizer
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String chain() {
    // docs:start chain
    var adam = Optimizers.adam(0.1);
    var chained = Transformations.chain(Transformations.scaleByAdam(0.9, 0.999, 1e-8),
        Transformations.scaleByLearningRate(0.1));
    var clippedSgd = Transformations.chain(Transformations.clipByGlobalNorm(1.0), Transformations.scaleByLearningRate(0.1));
    var p = new Affine(constant(Tensor.vector(3.0, -2.0)), constant(Tensor.vector(1.0)), "p");
    var g = new Affine(constant(Tensor.vector(30.0, -20.0)), constant(Tensor.vector(10.0)), "p");
    Affine u1 = adam.update(g, adam.init(p), p).updates();
    Affine u2 = chained.update(g, chained.init(p), p).updates();
    Affine u3 = clippedSgd.update(g, clippedSgd.init(p), p).updates();
    // docs:end chain
    return DocBlocks.code(
        "adam(0.1)                                   updates w = " + value(u1.w()),
        "chain(scaleByAdam, scaleByLearningRate)     updates w = " + value(u2.w()),
        "bit for bit equal: " + Arrays.equals(Trees.value(u1.w()).toArray(), Trees.value(u2.w()).toArray()),
        "chain(clipByGlobalNorm(1), scaleByLearningRate(0.1))  updates w = " + value(u3.w()) + ", b = " + value(u3.b()));
  }

  private static String schedules() {
    List<String> out = new ArrayList<>();
    // docs:start schedules
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    schedules.put("warmupCosine(0.1, 10, 100, 0)", Schedules.warmupCosine(0.1, 10, 100, 0));
    schedules.put("triangular(0.01, 0.1, 25)", Schedules.triangular(0.01, 0.1, 25));
    schedules.put("oneCycle(0.1, 100)", Schedules.oneCycle(0.1, 100));
    schedules.forEach((name, s) -> {
      StringBuilder row = new StringBuilder(String.format("%-30s", name));
      for (long step : new long[] {0, 10, 25, 50, 75, 99}) {
        row.append(String.format(Locale.ROOT, "%8.4f", s.at(step)));
      }
      out.add(row.toString());
    });
    // docs:end schedules
    out.add(0, String.format("%-30s", "step") + String.format(Locale.ROOT, "%8d%8d%8d%8d%8d%8d", 0, 10, 25, 50, 75, 99));
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String training() {
    List<String> out = new ArrayList<>();
    // docs:start training
    Dataset data = Synthetic.spirals(3, 100, 0.2, Key.of(7));   // 300 points, 3 classes
    var model = Dense.of(64).andThen(Activation.relu()).andThen(Dense.of(3));
    var trainer = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(0.02));
    var fitted = trainer.fit(model.init(Key.of(2), Shape.of(2)), DataLoader.of(data, 32).withShuffle(Key.of(3)),
        FitOptions.defaults().withEpochs(60).withQuiet(true));
    for (EpochStats e : fitted.history().epochs().stream().filter(e -> e.epoch() % 20 == 0).toList()) {
      out.add("epoch " + e.epoch() + "  loss " + fmt(e.trainLoss()) + "  accuracy " + fmt(e.trainAccuracy()));
    }
    var eval = trainer.evaluate(fitted.params(), fitted.modelState(), data, 300);
    out.add("evaluation accuracy " + fmt(eval.accuracy()) + ", stopped: " + fitted.history().stopReason());
    // docs:end training
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String earlyStopping() {
    List<String> out = new ArrayList<>();
    // docs:start earlystopping
    Dataset train = Synthetic.spirals(2, 20, 0.1, Key.of(1));
    Dataset validation = Synthetic.spirals(2, 10, 0.1, Key.of(2));
    var model = Dense.of(8).andThen(Activation.relu()).andThen(Dense.of(2));
    var stop = new EarlyStopping(1, 0).withRestoreBest(true);   // default: keep the last epoch, as Keras
    var trainer = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.sgd(5.0));
    var fitted = trainer.fit(model.init(Key.of(3), Shape.of(2)), DataLoader.of(train, 8),
        FitOptions.epochs(30).withValidation(validation).withCallback(stop.tracker()).withQuiet(true));
    for (EpochStats e : fitted.history().epochs()) {
      out.add("epoch " + e.epoch() + "  val_loss " + fmt(e.validationLoss()));
    }
    out.add(fitted.history().stopReason());
    out.add("returned the state of epoch " + fitted.state().epoch() + " (history: restored epoch "
        + fitted.history().restoredEpoch() + ")");
    // docs:end earlystopping
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String checkpoint() {
    try {
      Path dir = Files.createTempDirectory("nn-guide");
      try {
        return checkpointIn(dir);
      } finally {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String checkpointIn(Path dir) throws IOException {
    // docs:start checkpoint
    Dataset data = Synthetic.spirals(3, 50, 0.2, Key.of(7));
    var model = Dense.of(16).andThen(Activation.tanh()).andThen(Dense.of(3));
    var params = model.init(Key.of(2), Shape.of(2));
    var opt = Optimizers.adam(0.02);
    var loader = DataLoader.of(data, 25).withShuffle(Key.of(3));
    var trainer = Trainer.of(model, Losses::softmaxCrossEntropy, opt);
    var whole = trainer.fit(params, loader, FitOptions.epochs(6).withQuiet(true));
    var half = trainer.fit(params, loader, FitOptions.epochs(3).withQuiet(true));
    Path file = dir.resolve("epoch3.safetensors");
    Checkpoints.save(file, half.state());                        // params, model state, optimizer state, step, epoch
    var template = new TrainState<>(params, model.initState(Shape.of(2)), opt.init(params), 0, 0);
    var restored = Checkpoints.load(file, template);
    var resumed = trainer.resume(restored, loader, FitOptions.epochs(6).withQuiet(true));
    boolean identical = Trees.tensors(resumed.params()).equals(Trees.tensors(whole.params()));
    // docs:end checkpoint
    return DocBlocks.code("restored at step " + restored.step() + ", epoch " + restored.epoch(),
        "resumed to epoch 6 == trained 6 epochs without stopping: " + identical);
  }

  private static String value(Expr e) {
    Tensor t = e instanceof dev.fluxion.autodiff.expr.Const c ? c.value()
        : dev.fluxion.autodiff.ad.AD.eval(e, dev.fluxion.autodiff.ad.Bindings.of());
    StringBuilder sb = new StringBuilder("[");
    double[] v = t.toArray();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(fmt(v[i]));
    }
    return sb.append(']').toString();
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
