package dev.fluxion.bench.e2e;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.Threads;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Mnist;
import dev.fluxion.nn.io.JsonWriter;
import dev.fluxion.nn.io.SafeTensors;
import dev.fluxion.nn.io.SizeLimit;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.train.CompiledModel;
import dev.fluxion.nn.train.TrainStep;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Fluxion side of the end-to-end comparison: trains model a, b or c on Fashion-MNIST with the
 * compiled training step ({@link TrainStep}: loss, gradient and optimizer update in one plan),
 * the batch order of {@link SplitMix#permutation}, and prints one JSON line per epoch (with the
 * epoch's time split into batch gathering and the compiled step) and a final summary line.
 *
 * <pre>
 * TrainRun --model a|b|c [--epochs N] [--seed S] [--data DIR] [--init-out FILE] [--limit N]
 *          [--test-limit N] [--max-steps N] [--lr X] [--synthetic N] [--losses K] [--dtype float32|float64]
 * </pre>
 *
 * <p>The epoch time covers the training loop only (batch gathering and the whole step), not
 * loading, shuffling or evaluation. With {@code --init-out} the initial parameters (seeded by
 * {@code --seed}, in {@code --dtype}, float32 by default) are written as a float64 safetensors file
 * (float32 values widen exactly) for {@code train_torch.py}.
 */
public final class TrainRun {
  private static final int EVAL_BATCH = 500;

  private TrainRun() {}

  /**
   * The summary of a run.
   *
   * @param epochSeconds the training-loop seconds of each epoch
   * @param losses the first step losses, in order (at most {@link RunOptions#losses()})
   * @param testAccuracy the accuracy on the test set after training
   * @param steps the number of optimizer steps run
   */
  public record Result(double[] epochSeconds, double[] losses, double testAccuracy, long steps) {}

  /**
   * Runs from the command line; exit status 2 for bad options or missing data.
   *
   * @param args the options above
   */
  public static void main(String[] args) {
    RunOptions o;
    try {
      o = RunOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("TrainRun: " + e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    Mnist.Data data;
    try {
      data = load(o);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      System.err.println("TrainRun: cannot load Fashion-MNIST from " + o.data() + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    Result r = run(o, data, System.out);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("side", "fluxion");
    summary.put("model", o.model().name());
    summary.put("epochs", o.epochs());
    summary.put("batch_size", o.model().batchSize());
    summary.put("optimizer", o.model().optimizer());
    summary.put("lr", o.model().learningRate());
    summary.put("dtype", o.dtype().toString());
    summary.put("train_images", data.train().size());
    summary.put("test_images", data.test().size());
    summary.put("steps", r.steps());
    summary.put("load_seconds", loadSeconds);
    summary.put("epoch_seconds", r.epochSeconds());
    summary.put("test_accuracy", r.testAccuracy());
    summary.put("losses", r.losses());
    printSummary(summary);
  }

  /** Prints {@code summary} with this process's peak RSS, Java version and thread count appended, as one JSON line. */
  static void printSummary(Map<String, Object> summary) {
    summary.put("peak_rss_kib", peakRssKib());
    summary.put("java", Runtime.version().toString());
    summary.put("threads", Threads.count());
    System.out.println(json(summary));
  }

  /**
   * Trains and evaluates as the options say, printing one JSON line per epoch to {@code out}.
   *
   * @param o the model, epochs, data size and seed
   * @param data the training and test sets, images {@code [28, 28]} in {@code [0, 1]}
   * @param out where the epoch lines go
   * @return the summary
   */
  public static Result run(RunOptions o, Mnist.Data data, PrintStream out) {
    Models m = o.model();
    Shape example = Shape.of(m.exampleDims());
    var params = m.model().init(Key.of(o.seed()), example, o.dtype());
    var state = m.model().initState(example, o.dtype());
    if (o.initOut() != null) {
      writeInit(o.initOut(), params, o);
    }
    GradientTransformation<ChainState> opt = m.newOptimizer();
    ChainState optState = opt.init(params);
    var trainStep = TrainStep.builder(m.model(), Losses::softmaxCrossEntropy, opt).build(params, state, example,
        Shape.of());
    Dataset train = data.train();
    int n = train.size();
    List<Double> losses = new ArrayList<>();
    double[] seconds = new double[o.epochs()];
    long step = 0;
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      int[] perm = SplitMix.permutation(n, o.seed(), epoch);
      int batches = (n + m.batchSize() - 1) / m.batchSize();
      if (o.maxSteps() > 0) {
        batches = Math.min(batches, o.maxSteps());
      }
      double lossSum = 0;
      long[] parts = new long[2];
      long t0 = System.nanoTime();
      for (int b = 0; b < batches; b++) {
        long ta = System.nanoTime();
        int[] idx = Arrays.copyOfRange(perm, b * m.batchSize(), Math.min(n, (b + 1) * m.batchSize()));
        Batch batch = train.batch(idx);
        long tb = System.nanoTime();
        var r = trainStep.apply(params, optState, state, batch.x().reshape(batched(idx.length, m.exampleDims())),
            batch.y(), step);
        long tc = System.nanoTime();
        params = r.params();
        optState = r.optState();
        state = r.modelState();
        parts[0] += tb - ta;
        parts[1] += tc - tb;
        lossSum += r.loss();
        if (losses.size() < o.losses()) {
          losses.add(r.loss());
        }
        step++;
      }
      seconds[epoch] = (System.nanoTime() - t0) / 1e9;
      out.println(epochLine(epoch + 1, seconds[epoch], lossSum / batches, batches, parts));
      out.flush();
    }
    var compiled = new CompiledModel<>(m.model(), Losses::softmaxCrossEntropy, null, params, state, example,
        Shape.of());
    double accuracy = accuracy(compiled, params, state, data.test(), m.exampleDims());
    return new Result(seconds, losses.stream().mapToDouble(Double::doubleValue).toArray(), accuracy, step);
  }

  private static <P, S> double accuracy(CompiledModel<P, S> compiled, P params, S state, Dataset test, int[] dims) {
    int n = test.size();
    long correct = 0;
    for (int start = 0; start < n; start += EVAL_BATCH) {
      int[] idx = new int[Math.min(EVAL_BATCH, n - start)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = start + i;
      }
      Batch b = test.batch(idx);
      double[] logits = compiled.predict(params, state, b.x().reshape(batched(idx.length, dims))).toArray();
      double[] labels = b.y().toArray();
      int classes = logits.length / idx.length;
      for (int i = 0; i < idx.length; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (logits[i * classes + c] > logits[i * classes + best]) {
            best = c;
          }
        }
        correct += best == (int) labels[i] ? 1 : 0;
      }
    }
    return n == 0 ? Double.NaN : (double) correct / n;
  }

  /** The data the options name: Fashion-MNIST (cut to the limits) or synthetic images. */
  static Mnist.Data load(RunOptions o) {
    if (o.synthetic() > 0) {
      return new Mnist.Data(synthetic(o.synthetic(), Key.of(o.seed() + 1)).cast(o.dtype()),
          synthetic(o.synthetic(), Key.of(o.seed() + 2)).cast(o.dtype()));
    }
    if (!Files.isDirectory(o.data())) {
      throw new IllegalArgumentException("no such directory");
    }
    Mnist.Data d = Mnist.load(o.data(), SizeLimit.heap(), o.dtype());   // float32 images never held as doubles
    Dataset train = o.limit() > 0 && o.limit() < d.train().size() ? d.train().take(o.limit()) : d.train();
    Dataset test = o.testLimit() > 0 && o.testLimit() < d.test().size() ? d.test().take(o.testLimit()) : d.test();
    return new Mnist.Data(train.cast(o.dtype()), test.cast(o.dtype()));
  }

  /**
   * {@return {@code n} uniform random images {@code [28, 28]} in {@code [0, 1]} with labels {@code i mod 10}}
   *
   * @param n the number of images
   * @param key the randomness of the images; the same key gives the same data
   */
  public static Dataset synthetic(int n, Key key) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % Mnist.CLASSES;
    }
    return Dataset.of(Tensor.uniform(key, Shape.of(n, 28, 28), 0, 1), Tensor.of(y, n));
  }

  private static void writeInit(Path file, Object params, RunOptions o) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model", o.model().name());
    meta.put("seed", Long.toString(o.seed()));
    meta.put("layout", "Dense w [in, out]; Conv w [out, in, kh, kw]; NCHW");
    writeParams(file, params, meta);
  }

  /** Writes the parameters as float64 safetensors (float32 values widen exactly), named by their tree paths. */
  static void writeParams(Path file, Object params, Map<String, String> meta) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Trees.tensors(Trees.cast(params, DType.FLOAT64)).forEach(tensors::put);
    try {
      SafeTensors.write(file, tensors, meta);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Shape batched(int n, int[] dims) {
    int[] d = new int[dims.length + 1];
    d[0] = n;
    System.arraycopy(dims, 0, d, 1, dims.length);
    return Shape.of(d);
  }

  /** {@return this process's peak resident set in KiB (VmHWM), or -1 where /proc is unavailable} */
  static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The JSON line of one epoch; {@code parts} are the gather and whole-step (update included) nanoseconds. */
  static String epochLine(int epoch, double seconds, double trainLoss, int steps, long[] parts) {
    return JsonWriter.spaced().beginObject().name("epoch").value(epoch).name("seconds").value(seconds)
        .name("train_loss").value(trainLoss).name("steps").value(steps).name("gather_seconds").value(parts[0] / 1e9)
        .name("step_seconds").value(parts[1] / 1e9).endObject().toJson();
  }

  /** A one-line JSON object of strings, numbers and double arrays (non-finite numbers as strings, see {@link JsonWriter}). */
  static String json(Map<String, Object> fields) {
    JsonWriter w = JsonWriter.spaced().beginObject();
    fields.forEach((k, v) -> {
      w.name(k);
      switch (v) {
        case double[] a -> w.array(a);
        case Double d -> w.value(d.doubleValue());
        case Float f -> w.value(f.doubleValue());
        case Integer i -> w.value(i.longValue());
        case Long l -> w.value(l.longValue());
        case Number n -> w.value(n.doubleValue());
        default -> w.value(v.toString());
      }
    });
    return w.endObject().toJson();
  }
}
