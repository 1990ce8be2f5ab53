package dev.fluxion.examples;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.examples.support.DTypeOption;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.Plots;
import dev.fluxion.examples.support.Summary;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.optim.Schedule;
import dev.fluxion.nn.optim.Schedules;
import dev.fluxion.nn.train.EpochStats;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.History;
import dev.fluxion.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example schedules}: an LR range test on the spirals network, then the same
 * network trained with a constant, a triangular cyclical and a one-cycle learning rate (Adam),
 * each peaking at the same learning rate; PNGs of the range test, the loss curves and the
 * schedules.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
    description = "LR range test, then constant vs triangular vs one-cycle learning rates on the spirals.")
public final class SchedulesExample implements Callable<Integer> {
  private static final int BATCH = 32;

  @Mixin
  ExampleOptions options;

  @Mixin
  DTypeOption precision;

  @Option(names = "--epochs", defaultValue = "40", description = "epochs per run (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--hidden", defaultValue = "100", description = "hidden units (default ${DEFAULT-VALUE})")
  int hidden;

  @Option(names = "--lr",
      description = "the peak learning rate of the three runs (default: the range test's min/10)")
  @Nullable Double lr;

  @Option(names = "--finder-steps", defaultValue = "100",
      description = "steps of the LR range test (default ${DEFAULT-VALUE})")
  int finderSteps;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    checkOptions();
    PrintWriter out = spec.commandLine().getOut();
    Key[] keys = Key.of(options.seed).split(3);
    Dataset data = Synthetic.spirals(SpiralsExample.CLASSES, 100, 0.2, keys[0]).cast(precision.dtype);
    var model = Mlp.of(Activation.relu(), hidden, SpiralsExample.CLASSES);
    var params = model.init(keys[1], Shape.of(2), precision.dtype);
    DataLoader loader = DataLoader.of(data, BATCH).withShuffle(keys[2]);
    long t0 = System.nanoTime();

    LrFinder.Result finder = LrFinder.run(model, params, Losses::softmaxCrossEntropy, loader, 1e-6, 10, finderSteps);
    out.printf("LR range test: %d steps from 1e-6 towards 10 (%s)%n", finder.lrs().length, finder.stopReason());
    out.printf("  smallest smoothed loss %.4f at lr %.3g; steepest descent at lr %.3g; min/10 = %.3g%n",
        java.util.Arrays.stream(finder.losses()).min().orElseThrow(), finder.minimumLr(), finder.steepestLr(),
        finder.minimumOverTen());
    double peak = lr != null ? lr : finder.minimumOverTen();
    out.printf("peak learning rate %.3g (%s)%n", peak, lr != null ? "--lr" : "the range test's min/10");
    out.flush();

    long total = (long) epochs * loader.batchesPerEpoch();
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    schedules.put("constant", Schedules.constant(peak));
    schedules.put("triangular", Schedules.triangular(peak / 10, peak, Math.max(1, total / 4)));
    schedules.put("one-cycle", Schedules.oneCycle(peak, Math.max(4, total)));
    Map<String, History> runs = new LinkedHashMap<>();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("suggested_lr", finder.minimumOverTen());
    summary.put("suggestion", "min/10");
    summary.put("steepest_lr", finder.steepestLr());
    summary.put("peak_lr", peak);
    out.printf("%d epochs per run; loss and accuracy are the last epoch's training means%n", epochs);
    out.printf("%-11s %10s %9s %8s  %s%n", "schedule", "loss", "accuracy", "seconds", "learning rate");
    for (var e : schedules.entrySet()) {
      long r0 = System.nanoTime();
      var fitted = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(e.getValue(), 0.9, 0.999, 1e-8))
          .fit(params, loader,
              FitOptions.epochs(epochs).withSeed(options.seed).withLearningRate(e.getValue()).withQuiet(true));
      History h = fitted.history();
      runs.put(e.getKey(), h);
      EpochStats last = h.last().orElseThrow(() -> new IllegalStateException("no epoch completed"));
      out.printf("%-11s %10.4f %9.4f %8.2f  %s%n", e.getKey(), last.trainLoss(), last.trainAccuracy(),
          (System.nanoTime() - r0) / 1e9, e.getValue());
      if (!h.stopReason().equals("completed")) {
        out.println("  stopped: " + h.stopReason());
      }
      String key = e.getKey().replace('-', '_');
      summary.put(key + "_loss", last.trainLoss());
      summary.put(key + "_accuracy", last.trainAccuracy());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.println("wrote " + Plots.save(finderChart(finder), options.out, "schedules-lr-finder"));
    out.println("wrote " + Plots.save(lossChart(runs), options.out, "schedules-loss"));
    out.println("wrote " + Plots.save(scheduleChart(schedules, total), options.out, "schedules-lr"));
    summary.put("epochs", epochs);
    summary.put("dtype", precision.dtype.toString());
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
    if (lr != null && (!(lr > 0) || !Double.isFinite(lr))) {
      throw new IllegalArgumentException("--lr must be finite and > 0, got " + lr);
    }
    if (finderSteps < 2) {
      throw new IllegalArgumentException("--finder-steps must be >= 2, got " + finderSteps);
    }
  }

  /** Smoothed loss against the learning rate (log axis), with both suggestions marked. */
  private static XYChart finderChart(LrFinder.Result finder) {
    XYChart chart = Plots.lines("LR range test (Adam, smoothed loss)", "learning rate", "loss", finder.lrs(),
        Map.of("smoothed loss", finder.losses()));
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(10);
    mark(chart, "min/10 (suggested)", finder, finder.minimumOverTen());
    mark(chart, "steepest descent", finder, finder.steepestLr());
    return chart;
  }

  /** A point on the finder's curve at (about) {@code lr}. */
  private static void mark(XYChart chart, String name, LrFinder.Result finder, double lr) {
    int nearest = 0;
    for (int i = 1; i < finder.lrs().length; i++) {
      if (Math.abs(Math.log(finder.lrs()[i] / lr)) < Math.abs(Math.log(finder.lrs()[nearest] / lr))) {
        nearest = i;
      }
    }
    chart.addSeries(name, new double[] {lr}, new double[] {finder.losses()[nearest]}).setMarker(SeriesMarkers.DIAMOND);
  }

  /** The mean training loss per epoch of every run (log axis, unless a single epoch leaves nothing to span). */
  private static XYChart lossChart(Map<String, History> runs) {
    int n = runs.values().stream().mapToInt(h -> h.epochs().size()).min().orElse(0);
    double[] epoch = new double[n];
    Map<String, double[]> series = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      epoch[i] = i + 1;
    }
    runs.forEach((name, h) -> series.put(name, h.epochs().stream().limit(n).mapToDouble(EpochStats::trainLoss)
        .toArray()));
    XYChart chart = Plots.lines("Training loss by learning-rate schedule (Adam)", "epoch", "training loss", epoch,
        series);
    chart.getStyler().setYAxisLogarithmic(n > 1);
    return chart;
  }

  /** The learning rate of every schedule at every step. */
  private static XYChart scheduleChart(Map<String, Schedule> schedules, long total) {
    double[] step = new double[(int) total];
    for (int i = 0; i < step.length; i++) {
      step[i] = i;
    }
    Map<String, double[]> series = new LinkedHashMap<>();
    schedules.forEach((name, s) -> series.put(name, java.util.Arrays.stream(step).map(t -> s.at((long) t)).toArray()));
    return Plots.lines("Learning-rate schedules", "step", "learning rate", step, series);
  }
}
