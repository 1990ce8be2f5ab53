package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Mnist;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.optim.Schedules;
import dev.fluxion.nn.train.Callback;
import dev.fluxion.nn.train.Checkpoints;
import dev.fluxion.nn.train.EpochStats;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.History;
import dev.fluxion.nn.train.TrainState;
import dev.fluxion.nn.train.Trainer;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The training run the Fashion-MNIST examples share: load the data, initialize or resume, train
 * with per-epoch lines and a checkpoint after every epoch, evaluate on the test set, draw the
 * curves and print the summary line.
 */
public final class ClassifierTraining {
  private ClassifierTraining() {}

  /**
   * An example's hyperparameters.
   *
   * @param name the example's name, used for the checkpoint and chart files
   * @param epochs the total number of epochs, {@code >= 1} (a resumed run continues up to it)
   * @param batchSize {@code >= 1}
   * @param learningRate finite and {@code > 0}
   */
  public record Settings(String name, int epochs, int batchSize, double learningRate) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the option out of its domain
     */
    public Settings {
      Checks.notNull(name, "name");
      if (epochs < 1) {
        throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
      }
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("--lr must be finite and > 0, got " + learningRate);
      }
    }
  }

  /**
   * The optimizer named on the command line.
   *
   * @param name {@code sgd} (momentum 0.9), {@code adam} or {@code adamw}
   * @param learningRate finite and {@code > 0}
   * @param weightDecay adamw's decoupled weight decay, finite and {@code >= 0}
   * @throws IllegalArgumentException for another name or an argument out of its domain
   */
  public static GradientTransformation<ChainState> optimizer(String name, double learningRate, double weightDecay) {
    return switch (Checks.notNull(name, "name").toLowerCase(Locale.ROOT)) {
      case "sgd" -> Optimizers.sgd(learningRate, 0.9, false);
      case "adam" -> Optimizers.adam(learningRate);
      case "adamw" -> Optimizers.adamw(learningRate, weightDecay);
      default -> throw new IllegalArgumentException("--optimizer must be sgd, adam or adamw, got " + name);
    };
  }

  /**
   * Trains {@code model} on Fashion-MNIST and prints the run to {@code out}; the last line is the
   * summary ({@code test_accuracy=... epoch_seconds=... params=... epochs=...}).
   *
   * @param model a classifier from examples of shape {@code exampleDims} to 10 logits
   * @param exampleDims the shape each image is reshaped to, e.g. {@code {784}} or {@code {1, 28, 28}}
   * @return the exit code: 0, or 1 if training stopped on a non-finite loss
   * @throws IllegalArgumentException if an option is out of its domain, the data is missing or the
   *     checkpoint to resume from does not fit the model and optimizer
   * @throws IOException if a chart or checkpoint cannot be written or read
   */
  public static <P, S> int run(Layer<P, S> model, int[] exampleDims, Settings settings, ExampleOptions common,
      TrainingOptions training, PrintWriter out) throws IOException {
    long t0 = System.nanoTime();
    GradientTransformation<ChainState> optimizer = optimizer(training.optimizer, settings.learningRate(),
        training.weightDecay);
    if (training.resume != null && !Files.isRegularFile(training.resume)) {
      throw new IllegalArgumentException("--resume: no checkpoint file " + training.resume);
    }
    Mnist.Data data = FashionMnist.load(training.data, training.limit, training.testLimit, training.dtype, exampleDims);
    Shape example = Shape.of(exampleDims);
    Key[] keys = Key.of(common.seed).split(2);
    P params = model.init(keys[0], example, training.dtype);
    TrainState<P, S, ChainState> start =
        new TrainState<>(params, model.initState(example, training.dtype), optimizer.init(params), 0, 0);
    java.util.List<EpochStats> before = java.util.List.of();
    if (training.resume != null) {
      start = Checkpoints.load(training.resume, start);
      before = TrainingHistory.read(training.resume, start.epoch());
      out.println("resumed from " + training.resume.toAbsolutePath() + " after epoch " + start.epoch());
    }
    long count = Trees.count(params);
    if (!common.quiet) {
      out.println(model.describe());
      out.printf("%d training images, %d test images (val_* below), %d parameters, %s, %s lr %s, batch %d%n",
          data.train().size(), data.test().size(), count, training.dtype, training.optimizer, settings.learningRate(),
          settings.batchSize());
      out.flush();
    }
    Path checkpoint = common.out.resolve(settings.name() + ".safetensors").toAbsolutePath();
    FitOptions fit = FitOptions.epochs(settings.epochs()).withSeed(common.seed).withValidation(data.test())
        .withLearningRate(Schedules.constant(settings.learningRate())).withQuiet(common.quiet)
        .withOut(WriterOutputStream.printStream(out)).withCallback(saveEveryEpoch(checkpoint, before));
    DataLoader loader = DataLoader.of(data.train(), settings.batchSize()).withShuffle(keys[1]);
    var trainer = Trainer.of(model, Losses::softmaxCrossEntropy, optimizer);
    var fitted = trainer.resume(start, loader, fit);
    History history = fitted.history();
    Trainer.Evaluation test;
    if (history.epochs().isEmpty()) {
      out.println("no epoch to run: the checkpoint has " + start.epoch() + " epochs, --epochs is " + settings.epochs());
      test = trainer.evaluate(fitted.params(), fitted.modelState(), data.test(), settings.batchSize());
    } else {
      EpochStats last = history.epochs().get(history.epochs().size() - 1);
      test = new Trainer.Evaluation(last.validationLoss(), last.validationAccuracy());
      for (Path png : curves(before, history, common.out, settings.name())) {
        out.println("chart: " + png);
      }
      out.println("checkpoint: " + checkpoint);
    }
    boolean completed = "completed".equals(history.stopReason());
    if (!completed) {
      out.println("stopped: " + history.stopReason());
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("test_accuracy", test.accuracy());
    summary.put("test_loss", test.loss());
    summary.put("train_accuracy", history.last().map(EpochStats::trainAccuracy).orElse(Double.NaN));
    summary.put("train_loss", history.last().map(EpochStats::trainLoss).orElse(Double.NaN));
    summary.put("epoch_seconds", history.epochs().stream().mapToDouble(EpochStats::seconds).average().orElse(Double.NaN));
    summary.put("params", count);
    summary.put("epochs", fitted.state().epoch());
    summary.put("epochs_run", history.epochs().size());
    summary.put("train_images", data.train().size());
    summary.put("test_images", data.test().size());
    summary.put("batch_size", settings.batchSize());
    summary.put("optimizer", training.optimizer.toLowerCase(Locale.ROOT));
    summary.put("lr", settings.learningRate());
    summary.put("seconds", (System.nanoTime() - t0) / 1e9);
    Summary.print(out, summary);
    return completed ? 0 : 1;
  }

  /**
   * Saves the train state to {@code file} after every epoch, replacing the previous one
   * atomically, with the history of every epoch so far ({@code before} and this run's).
   */
  private static Callback saveEveryEpoch(Path file, java.util.List<EpochStats> before) {
    java.util.List<EpochStats> all = new java.util.ArrayList<>(before);
    return (stats, snap) -> {
      try {
        OutputFiles.directory("--out", file.getParent());
        Checkpoints.save(file, new TrainState<>(snap.params(), snap.modelState(), snap.optimizerState(), snap.step(),
            stats.epoch()));
        all.add(stats);
        TrainingHistory.attach(file, all);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
      }
      return Callback.Decision.CONTINUE;
    };
  }

  /**
   * Draws loss and accuracy per epoch, training and test, for the epochs {@code before} a resume
   * and this run's: {@code dir/NAME-loss.png}, {@code dir/NAME-accuracy.png}.
   */
  private static java.util.List<Path> curves(java.util.List<EpochStats> before, History history, Path dir, String name)
      throws IOException {
    java.util.List<EpochStats> all = new java.util.ArrayList<>(before);
    history.epochs().forEach(all::add);
    double[] epochs = values(all, EpochStats::epoch);
    Map<String, double[]> loss = new LinkedHashMap<>();
    loss.put("train", values(all, EpochStats::trainLoss));
    loss.put("test", values(all, EpochStats::validationLoss));
    Map<String, double[]> accuracy = new LinkedHashMap<>();
    accuracy.put("train", values(all, EpochStats::trainAccuracy));
    accuracy.put("test", values(all, EpochStats::validationAccuracy));
    String resumed = before.isEmpty() ? "" : " (resumed after epoch " + before.get(before.size() - 1).epoch() + ")";
    return java.util.List.of(
        Plots.save(Plots.lines(name + ": loss" + resumed, "epoch", "cross-entropy", epochs, loss), dir, name + "-loss"),
        Plots.save(Plots.lines(name + ": accuracy" + resumed, "epoch", "accuracy", epochs, accuracy), dir,
            name + "-accuracy"));
  }

  private static double[] values(java.util.List<EpochStats> epochs, ToDoubleFunction<EpochStats> f) {
    return epochs.stream().mapToDouble(f).toArray();
  }
}
