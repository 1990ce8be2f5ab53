package dev.fluxion.nn.train;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The training loop for one model, loss and optimizer: {@code Trainer.of(model, loss, optimizer)}
 * is a small immutable value; {@link #fit(Object, DataLoader, FitOptions) fit} runs epochs of one
 * compiled {@link TrainStep} (loss, gradient and optimizer update traced once into one plan, re-run
 * per batch) and returns the final {@link TrainState} with an immutable
 * {@link History}; {@link #resume} continues from a {@link TrainState}; {@code evaluate} and
 * {@code predict} run the model in evaluation mode.
 *
 * <pre>{@code
 * var trainer = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(1e-3));
 * var fitted = trainer.fit(params, DataLoader.of(train, 64),
 *     FitOptions.defaults().withEpochs(3).withValidation(test));
 * }</pre>
 *
 * <p>Everything optional (epochs, seed, validation set, callbacks, penalty, output) lives in
 * {@link FitOptions}, as in Keras's {@code model.fit(x, y, epochs=..., validation_data=...)}.
 *
 * <p><b>Thread safety.</b> A trainer keeps no mutable state: {@code evaluate} and {@code predict}
 * may be called from many threads at once (each call compiles its own {@link CompiledModel}; to
 * amortize compilation, share one {@code CompiledModel}, which is also thread-safe). {@code fit}
 * and {@code resume} run on the calling thread; concurrent fits are independent as long as they do
 * not share a stateful {@link Callback} (such as one {@link EarlyStopping#tracker()}).
 *
 * @param <P> the parameter record
 * @param <S> the model state record
 * @param <O> the optimizer state
 */
public final class Trainer<P, S, O> {
  private final Layer<P, S> model;
  private final Loss loss;
  private final GradientTransformation<O> optimizer;

  private Trainer(Layer<P, S> model, Loss loss, GradientTransformation<O> optimizer) {
    this.model = Checks.notNull(model, "model");
    this.loss = Checks.notNull(loss, "loss");
    this.optimizer = Checks.notNull(optimizer, "optimizer");
  }

  /**
   * {@return a trainer of {@code model} under {@code loss}, stepped by {@code optimizer}}
   *
   * @param <P> the parameter record type
   * @param <S> the model state type
   * @param <O> the optimizer state type
   * @param model the model trained: its {@code init} made the parameters given to {@code fit}
   * @param loss (outputs, targets) to a rank-0 expression, e.g. {@code Losses::softmaxCrossEntropy}
   * @param optimizer turns gradients into updates (e.g. {@code Optimizers.adam(1e-3)})
   * @throws IllegalArgumentException if an argument is null
   */
  public static <P, S, O> Trainer<P, S, O> of(Layer<P, S> model, Loss loss, GradientTransformation<O> optimizer) {
    return new Trainer<>(model, loss, optimizer);
  }

  /** {@return the model trained} */
  public Layer<P, S> model() {
    return model;
  }

  /** {@return the loss minimised: (outputs, targets) to a rank-0 expression} */
  public Loss loss() {
    return loss;
  }

  /** {@return the optimizer that turns gradients into parameter updates} */
  public GradientTransformation<O> optimizer() {
    return optimizer;
  }

  @Override
  public String toString() {
    return "Trainer[model=" + model + ", optimizer=" + optimizer + "]";
  }

  /**
   * The result of {@code fit}.
   *
   * @param state where training ended (continue from it with {@link #resume})
   * @param history per-epoch statistics and why training stopped
   * @param <P> the parameter record
   * @param <S> the model state record
   * @param <O> the optimizer state
   */
  public record Fitted<P, S, O>(TrainState<P, S, O> state, History history) {
    /** {@return the trained parameters} */
    public P params() {
      return state.params();
    }

    /** {@return the model state where training ended (e.g. BatchNorm's running statistics)} */
    public S modelState() {
      return state.modelState();
    }
  }

  /**
   * Trains from {@code params} with {@link FitOptions#defaults()} (one epoch, seed 0, no
   * validation, progress on standard error).
   *
   * @param params the initial parameters
   * @param train the training batches
   * @return the final train state and the history
   * @throws IllegalArgumentException if the data does not fit the model
   */
  public Fitted<P, S, O> fit(P params, DataLoader train) {
    return fit(params, train, FitOptions.defaults());
  }

  /**
   * Trains from {@code params} for {@code options.epochs()} epochs, evaluating on
   * {@code options.validation()} (when set) after every epoch.
   *
   * @param params the initial parameters
   * @param train the training batches
   * @param options epochs, seed, validation set, callbacks, penalty and output
   * @return the final train state and the history
   * @throws IllegalArgumentException if the data does not fit the model
   */
  public Fitted<P, S, O> fit(P params, DataLoader train, FitOptions options) {
    Checks.notNull(params, "params");
    Checks.notNull(train, "train");
    Shape example = train.dataset().featureShape();
    TrainState<P, S, O> start = new TrainState<>(params, model.initState(example, Trees.dtype(params, DType.FLOAT64)), optimizer.init(params), 0, 0);
    return resume(start, train, options);
  }

  /**
   * Continues training from {@code start} up to {@code options.epochs()} epochs in total.
   *
   * @param start the train state to continue from (a {@link Fitted#state()} or a restored checkpoint)
   * @param train the training data
   * @param options epochs, seed, validation set, callbacks, penalty and output
   * @return the final train state (or the one a callback restored) and the history
   * @throws IllegalArgumentException if the data does not fit the model, or if {@code start}'s
   *     optimizer state was made by another optimizer (naming both)
   */
  @SuppressWarnings("unchecked")
  public Fitted<P, S, O> resume(TrainState<P, S, O> start, DataLoader train, FitOptions options) {
    Checks.notNull(start, "start");
    Checks.notNull(options, "options");
    Dataset data = Checks.notNull(train, "train").dataset();
    OptimizerCheck.check(optimizer, start.params(), start.optimizerState(), "resume");
    Function<P, Expr> penalty = (Function<P, Expr>) (Function<?, Expr>) options.penalty();
    EpochRunner<P, S, O> runner = options.microBatches() == 0
        ? new LocalEpochs<>(TrainStep.builder(model, loss, optimizer).penalty(penalty)
            .build(start.params(), start.modelState(), data.featureShape(), data.targetShape()), train)
        : new LocalEpochs<>(new ShardedStep<>(model, loss, penalty, optimizer, start.params(), start.modelState(),
            data.featureShape(), data.targetShape()), options.microBatches(), train);
    return resume(start, runner, options);
  }

  /**
   * Continues training from {@code start} up to {@code options.epochs()} epochs in total, each
   * epoch run by {@code runner} (in this process or on workers elsewhere); validation, statistics,
   * callbacks and the end of training as {@link #resume(TrainState, DataLoader, FitOptions)}.
   *
   * @param start the train state to continue from
   * @param runner runs one epoch
   * @param options epochs, seed, validation set, callbacks and output (the penalty and micro-batches
   *     are the runner's business)
   * @return the final train state (or the one a callback restored) and the history
   * @throws IllegalArgumentException if {@code start}'s optimizer state was made by another optimizer
   */
  public Fitted<P, S, O> resume(TrainState<P, S, O> start, EpochRunner<P, S, O> runner, FitOptions options) {
    Checks.notNull(start, "start");
    Checks.notNull(runner, "runner");
    Checks.notNull(options, "options");
    OptimizerCheck.check(optimizer, start.params(), start.optimizerState(), "resume");
    @Nullable Dataset validation = options.validation();
    CompiledModel<P, S> compiled = validation == null ? null : new CompiledModel<>(model, loss, null, start.params(),
        start.modelState(), validation.featureShape(), validation.targetShape());
    TrainState<P, S, O> s = start;
    History history = new History(List.of(), "completed");
    for (int epoch = start.epoch() + 1; epoch <= options.epochs(); epoch++) {
      long t0 = System.nanoTime();
      EpochRunner.Epoch<P, S, O> e = runner.run(s, epoch, options);
      s = new TrainState<>(e.end().params(), e.end().modelState(), e.end().optimizerState(), e.end().step(), epoch);
      if (e.stopped() != null) {
        return end(options, new TrainState<>(s.params(), s.modelState(), s.optimizerState(), s.step(), epoch - 1),
            history.stopped(e.stopped()));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long seen = e.seen();
      double valLoss = Double.NaN;
      double valAcc = Double.NaN;
      if (compiled != null) {
        Evaluation v = evaluate(compiled, s.params(), s.modelState(), validation, runner.batchSize());
        valLoss = v.loss();
        valAcc = v.accuracy();
      }
      double lr = options.learningRate() == null ? Double.NaN : options.learningRate().at(Math.max(0, s.step() - 1));
      EpochStats stats = new EpochStats(epoch, e.lossSum() / Math.max(1, seen), e.correct() / Math.max(1, seen),
          valLoss, valAcc, seconds, seen / Math.max(seconds, 1e-9), lr);
      history = history.plus(stats);
      if (!options.quiet()) {
        options.out().println(stats.toLine());
      }
      var snapshot = new Callback.Snapshot(s.params(), s.modelState(), s.optimizerState(), s.step(), epoch);
      List<String> stops = new ArrayList<>();
      for (Callback c : options.callbacks()) {
        Callback.Decision d = c.onEpochEnd(stats, snapshot);
        if (d.stop()) {
          stops.add(d.reason());
        }
      }
      if (!stops.isEmpty()) {
        return end(options, s, history.stopped(String.join("; ", stops)));
      }
    }
    return end(options, s, history);
  }

  /** Tells every callback that training ended; returns {@code last}, or the first snapshot one restores. */
  @SuppressWarnings("unchecked")
  private static <P, S, O> Fitted<P, S, O> end(FitOptions options, TrainState<P, S, O> last, History history) {
    Callback.Snapshot restore = null;
    for (Callback c : options.callbacks()) {
      Callback.Snapshot r = c.onTrainEnd();
      restore = restore == null ? r : restore;
    }
    if (restore == null) {
      return new Fitted<>(last, history);
    }
    var best = new TrainState<>((P) restore.params(), (S) restore.modelState(), (O) restore.optimizerState(),
        restore.step(), restore.epoch());
    return new Fitted<>(best, history.restored(restore.epoch()));
  }

  /**
   * Loss and accuracy of a model on a dataset, in evaluation mode.
   *
   * @param loss the loss (averaged over batches weighted by size)
   * @param accuracy the fraction of correct predictions (NaN when the targets are not labels)
   */
  public record Evaluation(double loss, double accuracy) {}

  /**
   * {@return the mean loss and the accuracy of this trainer's model on {@code data}, in evaluation
   * mode, in batches of {@code batchSize}}
   *
   * @param params the parameters, e.g. {@link Fitted#params()}
   * @param modelState the model state, e.g. {@link Fitted#modelState()}
   * @param data examples of the model's feature shape with targets the loss accepts
   * @param batchSize examples per batch, {@code >= 1}
   * @throws IllegalArgumentException if the data does not fit the model or is empty
   */
  public Evaluation evaluate(P params, S modelState, Dataset data, int batchSize) {
    return evaluate(model, params, modelState, loss, data, batchSize);
  }

  /**
   * Evaluates {@code model} on {@code data} in batches of {@code batchSize}.
   *
   * @param <P> the parameter record type
   * @param <S> the model state type
   * @param model the layers, accepting {@code data}'s feature shape
   * @param params the parameter record
   * @param state the model's state, e.g. running statistics
   * @param loss the loss: (outputs, targets) to a rank-0 expression
   * @param data the examples, with the feature and target shapes the model and loss accept
   * @param batchSize examples per batch, {@code >= 1}; the last batch may be smaller
   * @return the mean loss and the accuracy
   * @throws IllegalArgumentException if the data does not fit the model
   */
  public static <P, S> Evaluation evaluate(Layer<P, S> model, P params, S state, Loss loss, Dataset data,
      int batchSize) {
    Checks.notNull(data, "data");
    var compiled = new CompiledModel<>(model, loss, null, params, state, data.featureShape(), data.targetShape());
    return evaluate(compiled, params, state, data, batchSize);
  }

  private static <P, S> Evaluation evaluate(CompiledModel<P, S> compiled, P params, S state, Dataset data,
      int batchSize) {
    double lossSum = 0;
    double correct = 0;
    long seen = 0;
    for (Batch b : DataLoader.of(data, batchSize).batches(0)) {
      var e = compiled.evaluate(params, state, b.x(), b.y());
      lossSum += e.loss() * b.size();
      correct += Accuracies.correct(e.outputs(), b.y());
      seen += b.size();
    }
    return new Evaluation(lossSum / Math.max(1, seen), correct / Math.max(1, seen));
  }

  /**
   * {@return the model's outputs for examples {@code x [N, ...]}, in evaluation mode, in batches}
   *
   * @param <P> the parameter record type
   * @param <S> the state type
   * @param model the layers, accepting {@code x}'s example shape
   * @param params the parameter record
   * @param state the model's state, e.g. running statistics
   * @param x the examples, shape {@code [N, ...]} with {@code N >= 1}
   * @param batchSize examples per batch, {@code >= 1}; the last batch may be smaller
   * @throws IllegalArgumentException if {@code x} does not fit the model or has no examples
   */
  public static <P, S> Tensor predict(Layer<P, S> model, P params, S state, Tensor x, int batchSize) {
    Checks.notNull(x, "x");
    if (x.rank() == 0 || batchSize < 1) {
      throw new IllegalArgumentException("predict: x must be a batch and batchSize >= 1");
    }
    if (x.shape().dim(0) == 0) {
      throw new IllegalArgumentException("predict: x " + x.shape() + " has 0 examples");
    }
    Shape example = Shape.of(java.util.Arrays.copyOfRange(x.shape().toArray(), 1, x.rank()));
    var compiled = new CompiledModel<>(model, (o, t) -> Fx.scalar(0), null, params, state, example, Shape.scalar());
    int n = x.shape().dim(0);
    Tensor[] parts = new Tensor[(n + batchSize - 1) / batchSize];
    int[] stop = x.shape().toArray();
    int[] step = new int[x.rank()];
    java.util.Arrays.fill(step, 1);
    for (int i = 0; i < parts.length; i++) {
      int[] from = new int[x.rank()];
      from[0] = i * batchSize;
      stop[0] = Math.min(n, from[0] + batchSize);
      parts[i] = compiled.predict(params, state, x.slice(from, stop.clone(), step));
    }
    return Tensor.concat(0, parts);
  }
}
