package dev.fluxion.examples;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.examples.support.DTypeOption;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.Plots;
import dev.fluxion.examples.support.Plots.LabeledPoints;
import dev.fluxion.examples.support.Summary;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.Callback;
import dev.fluxion.nn.train.EpochStats;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.History;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example spirals}: a one-hidden-layer ReLU network with Adam separates the
 * three CS231n spirals; draws the decision regions and the training curves.
 */
@Command(name = "spirals", mixinStandardHelpOptions = true,
    description = "A 2-H-3 ReLU network separates three spirals; PNGs of decision regions and training curves.")
public final class SpiralsExample implements Callable<Integer> {
  /** The classes of the spirals. */
  static final int CLASSES = 3;

  /** The cells per side of the decision-region grid. */
  private static final int GRID = 120;

  @Mixin
  ExampleOptions options;

  @Mixin
  DTypeOption precision;

  @Option(names = "--epochs", defaultValue = "150", description = "epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--hidden", defaultValue = "100", description = "hidden units (default ${DEFAULT-VALUE})")
  int hidden;

  @Option(names = "--lr", defaultValue = "0.01", description = "Adam's learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--points", defaultValue = "100", description = "points per class (default ${DEFAULT-VALUE})")
  int points;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    checkOptions();
    PrintWriter out = spec.commandLine().getOut();
    Key[] keys = Key.of(options.seed).split(3);
    Dataset data = Synthetic.spirals(CLASSES, points, 0.2, keys[0]).cast(precision.dtype);
    var model = Mlp.of(Activation.relu(), hidden, CLASSES);
    var params = model.init(keys[1], Shape.of(2), precision.dtype);
    out.print(model.summary(Shape.of(2), keys[1]));
    out.printf("training on %d points, batches of 32, Adam(%s), %d epochs, %s%n", data.size(), lr, epochs,
        precision.dtype);
    out.flush();
    long t0 = System.nanoTime();
    var trainer = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(lr));
    var fitted = trainer.fit(params, DataLoader.of(data, 32).withShuffle(keys[2]),
        FitOptions.epochs(epochs).withSeed(options.seed).withQuiet(true).withCallback(progress(out, epochs, options.quiet)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    History history = fitted.history();
    if (!history.stopReason().equals("completed")) {
      out.println("stopped: " + history.stopReason());
    }
    var eval = trainer.evaluate(fitted.params(), fitted.modelState(), data, data.size());
    out.printf("train accuracy %.4f, loss %.4f (%.2f s)%n", eval.accuracy(), eval.loss(), seconds);

    LabeledPoints grid = regions(model, fitted.params(), fitted.modelState(), data);
    Path regionsPng = Plots.save(Plots.decisionRegions("Spirals: decision regions (" + hidden + " ReLU units)", grid,
        GRID, points(data), CLASSES), options.out, "spirals-regions");
    Path curvesPng = Plots.save(Plots.trainingCurves("Spirals: training curves", history.epochs()), options.out,
        "spirals-training");
    out.println("wrote " + regionsPng);
    out.println("wrote " + curvesPng);

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("train_accuracy", eval.accuracy());
    summary.put("train_loss", eval.loss());
    summary.put("epochs", history.epochs().size());
    summary.put("hidden", hidden);
    summary.put("lr", lr);
    summary.put("dtype", precision.dtype.toString());
    summary.put("params", Trees.count(params));
    summary.put("seconds", seconds);
    Summary.print(out, summary);
    return 0;
  }

  private void checkOptions() {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    if (hidden < 1) {
      throw new IllegalArgumentException("--hidden must be >= 1, got " + hidden);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("--lr must be finite and > 0, got " + lr);
    }
    if (points < 1) {
      throw new IllegalArgumentException("--points must be >= 1, got " + points);
    }
  }

  /** Prints about ten epoch lines to {@code out} unless {@code quiet}; never stops training. */
  static Callback progress(PrintWriter out, int epochs, boolean quiet) {
    int every = Math.max(1, epochs / 10);
    return (EpochStats stats, Callback.Snapshot snapshot) -> {
      if (!quiet && (stats.epoch() % every == 0 || stats.epoch() == 1)) {
        out.println(stats.toLine());
        out.flush();
      }
      return Callback.Decision.CONTINUE;
    };
  }

  /** The predicted class at the centre of every cell of a {@code GRID × GRID} grid around the data. */
  private static <P, S> LabeledPoints regions(Layer<P, S> model, P params, S state, Dataset data) {
    double[] xy = data.features().toArray();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : xy) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double margin = 0.1 * (hi - lo);
    lo -= margin;
    hi += margin;
    double[] gx = new double[GRID * GRID];
    double[] gy = new double[GRID * GRID];
    double[] cells = new double[2 * GRID * GRID];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        int c = i * GRID + j;
        gx[c] = lo + (hi - lo) * (j + 0.5) / GRID;
        gy[c] = lo + (hi - lo) * (i + 0.5) / GRID;
        cells[2 * c] = gx[c];
        cells[2 * c + 1] = gy[c];
      }
    }
    Tensor predicted = Trainer.predict(model, params, state, Tensor.of(cells, GRID * GRID, 2).cast(data.dtype()), 1200).argmax(1);
    return new LabeledPoints(gx, gy, labels(predicted));
  }

  /** The data set's points with their labels. */
  static LabeledPoints points(Dataset data) {
    double[] xy = data.features().toArray();
    double[] x = new double[data.size()];
    double[] y = new double[data.size()];
    for (int i = 0; i < data.size(); i++) {
      x[i] = xy[2 * i];
      y[i] = xy[2 * i + 1];
    }
    return new LabeledPoints(x, y, labels(data.targets()));
  }

  private static int[] labels(Tensor t) {
    double[] v = t.toArray();
    int[] labels = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      labels[i] = (int) v[i];
    }
    return labels;
  }
}
