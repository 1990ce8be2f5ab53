package dev.fluxion.examples.support;

import static dev.fluxion.autodiff.expr.Fx.reshape;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Sampler;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.text.CharTokenizer;
import dev.fluxion.nn.text.Corpus;
import dev.fluxion.nn.text.Generation;
import dev.fluxion.nn.text.TokenBatch;
import dev.fluxion.nn.text.TokenFile;
import dev.fluxion.nn.text.TokenWindows;
import dev.fluxion.nn.train.Checkpoints;
import dev.fluxion.nn.train.CompiledModel;
import dev.fluxion.nn.train.EpochStats;
import dev.fluxion.nn.train.TrainState;
import dev.fluxion.nn.train.TrainStep;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The character-level language-model run the text examples share: read a corpus, build a character
 * tokenizer, cut next-token windows (90 % training, 10 % validation), train with the compiled step
 * on int32 batches, report validation bits per character after every epoch, checkpoint (and resume
 * exactly), draw the curves, print a generated sample and the summary line.
 */
public final class LanguageModelTraining {
  private static final double LN2 = Math.log(2);

  private LanguageModelTraining() {}

  /**
   * A run's settings.
   *
   * @param name the example's name, for the checkpoint, tokenizer and chart files
   * @param corpus the directory of text files (fortunes' layout)
   * @param bytes use the first {@code bytes} characters of the corpus, {@code >= 1}
   * @param context the context length {@code T}, {@code >= 1}
   * @param epochs the total number of epochs, {@code >= 1} (a resumed run continues up to it)
   * @param batchSize {@code >= 1}
   * @param learningRate Adam's, finite and {@code > 0}
   * @param prompt the sample's beginning, at least one character of the corpus
   * @param sampleLength characters to generate, {@code >= 0}
   * @param sampling greedy or sampled
   * @param dtype the model's float dtype
   * @param resume a checkpoint to continue from, or null
   */
  public record Settings(String name, Path corpus, int bytes, int context, int epochs, int batchSize,
      double learningRate, String prompt, int sampleLength, Generation.Sampling sampling, DType dtype,
      @org.jspecify.annotations.Nullable Path resume) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the option out of its domain
     */
    public Settings {
      Checks.notNull(name, "name");
      require(bytes >= 1, "--bytes must be >= 1, got " + bytes);
      require(context >= 1, "--context must be >= 1, got " + context);
      require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
      require(batchSize >= 1, "--batch-size must be >= 1, got " + batchSize);
      require(learningRate > 0 && Double.isFinite(learningRate), "--lr must be finite and > 0, got " + learningRate);
      require(!prompt.isEmpty(), "--prompt must not be empty");
      require(sampleLength >= 0, "--sample-length must be >= 0, got " + sampleLength);
      require(resume == null || Files.isRegularFile(resume), "--resume: no checkpoint file " + resume);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Next-token cross-entropy at every position: logits {@code [N, T, V]}, int32 targets {@code [N, T]}. */
  static Expr nextToken(Expr logits, Expr targets) {
    int n = logits.shape().dim(0) * logits.shape().dim(1);
    return Losses.softmaxCrossEntropy(reshape(logits, n, logits.shape().dim(2)), reshape(targets, n));
  }

  /**
   * Trains the model {@code build} makes for the corpus's vocabulary and prints the run; the last line
   * is the summary ({@code val_bits_per_char=... sample=...}).
   *
   * @param build the model for a vocabulary size: int32 ids {@code [T]} per example to logits {@code [T, V]}
   * @return the exit code: 0, or 1 if a loss was not finite
   * @throws IllegalArgumentException if the corpus is missing (the message is the install hint), too
   *     short for one batch, or the checkpoint does not fit
   * @throws IOException if a file cannot be written or read
   */
  public static <P, S> int run(IntFunction<Layer<P, S>> build, Settings s, ExampleOptions common, PrintWriter out)
      throws IOException {
    long t0 = System.nanoTime();
    OutputFiles.directory("--out", common.out);
    Path tokenizerFile = common.out.resolve(s.name() + "-chars.bin").toAbsolutePath();
    Path checkpoint = common.out.resolve(s.name() + ".safetensors").toAbsolutePath();
    String text = corpus(s);
    CharTokenizer chars = s.resume() != null && Files.isRegularFile(tokenizerFile) ? CharTokenizer.load(tokenizerFile)
        : CharTokenizer.of(text);
    int[] prompt = chars.encode(s.prompt());
    chars.save(tokenizerFile);
    TokenFile tokens = TokenFile.write(common.out.resolve(s.name() + ".tok"), chars.vocabularySize(), chars.encode(text));
    TokenWindows.Split split = TokenWindows.of(tokens, s.context()).split(0.1);
    require(split.train().size() >= s.batchSize() && split.validation().size() >= 1, "the corpus gives "
        + split.train().size() + " training windows of " + (s.context() + 1) + " characters for batches of "
        + s.batchSize() + ": use more --bytes or a smaller --context or --batch-size");
    Layer<P, S> model = build.apply(chars.vocabularySize());
    Shape example = Shape.of(s.context());
    Key[] keys = Key.of(common.seed).split(3);
    P params = model.init(keys[0], example, s.dtype());
    S state = model.initState(example, s.dtype());
    GradientTransformation<ChainState> adam = Optimizers.adam(s.learningRate());
    TrainState<P, S, ChainState> at = new TrainState<>(params, state, adam.init(params), 0, 0);
    List<EpochStats> history = new ArrayList<>();
    if (s.resume() != null) {
      at = Checkpoints.load(s.resume(), at);
      history.addAll(TrainingHistory.read(s.resume(), at.epoch()));
      out.println("resumed from " + s.resume().toAbsolutePath() + " after epoch " + at.epoch());
    }
    int startEpoch = at.epoch();
    if (!common.quiet) {
      out.printf("%s%n%d characters, vocabulary %d, %d training and %d validation windows of %d, %d parameters, %s%n",
          model.describe(), text.length(), chars.vocabularySize(), split.train().size(), split.validation().size(),
          s.context(), Trees.count(params), s.dtype());
      out.flush();
    }
    var step = TrainStep.builder(model, LanguageModelTraining::nextToken, adam).build(params, state, example, example);
    var eval = new CompiledModel<>(model, LanguageModelTraining::nextToken, null, params, state, example, example);
    boolean finite = true;
    for (int e = at.epoch(); e < s.epochs() && finite; e++) {
      long e0 = System.nanoTime();
      double sum = 0;
      int batches = 0;
      TrainState<P, S, ChainState> cur = at;
      for (TokenBatch b : split.train().batches(keys[1], e, s.batchSize())) {
        var r = step.apply(cur.params(), cur.optimizerState(), cur.modelState(), b.inputs(), b.targets(), cur.step());
        cur = new TrainState<>(r.params(), r.modelState(), r.optState(), cur.step() + 1, e);
        sum += r.loss();
        batches++;
        finite &= Double.isFinite(r.loss());
      }
      double seconds = (System.nanoTime() - e0) / 1e9;
      double val = validationLoss(eval, cur, split.validation(), s.batchSize());
      at = new TrainState<>(cur.params(), cur.modelState(), cur.optimizerState(), cur.step(), e + 1);
      EpochStats stats = new EpochStats(e + 1, sum / batches, Double.NaN, val, Double.NaN, seconds,
          batches * (double) s.batchSize() / seconds, s.learningRate());
      history.add(stats);
      Checkpoints.save(checkpoint, at);
      TrainingHistory.attach(checkpoint, history);
      if (!common.quiet) {
        out.printf("epoch %d: train_loss=%.4f val_loss=%.4f val_bits_per_char=%.4f seconds=%.1f%n", e + 1,
            stats.trainLoss(), val, val / LN2, seconds);
        out.flush();
      }
    }
    TrainState<P, S, ChainState> done = at;
    int[] ids = Generation.generate(x -> eval.predict(done.params(), done.modelState(), x), s.context(), prompt,
        s.sampleLength(), s.sampling(), keys[2]);
    String sample = chars.decode(ids);
    out.println("sample:\n" + sample);
    for (Path png : curves(history, common.out, s.name())) {
      out.println("chart: " + png);
    }
    out.println("checkpoint: " + checkpoint);
    EpochStats last = history.isEmpty() ? null : history.get(history.size() - 1);
    double val = last == null ? validationLoss(eval, done, split.validation(), s.batchSize()) : last.validationLoss();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("val_bits_per_char", val / LN2);
    summary.put("val_loss", val);
    summary.put("train_loss", last == null ? Double.NaN : last.trainLoss());
    summary.put("epochs", done.epoch());
    summary.put("epochs_run", done.epoch() - startEpoch);
    summary.put("steps", done.step());
    summary.put("params", Trees.count(done.params()));
    summary.put("vocabulary", chars.vocabularySize());
    summary.put("characters", text.length());
    summary.put("context", s.context());
    summary.put("epoch_seconds", history.stream().mapToDouble(EpochStats::seconds).average().orElse(Double.NaN));
    summary.put("seconds", (System.nanoTime() - t0) / 1e9);
    summary.put("sample", sample.replace('\n', ' ').replace('\t', ' ').replace(' ', '_'));
    Summary.print(out, summary);
    return finite ? 0 : 1;
  }

  private static String corpus(Settings s) {
    String text;
    try {
      text = Corpus.fortunes(s.corpus());
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return text.length() > s.bytes() ? text.substring(0, s.bytes()) : text;
  }

  /** The mean loss over every validation window, in batches (the last one partial). */
  private static <P, S> double validationLoss(CompiledModel<P, S> eval, TrainState<P, S, ?> at, TokenWindows val,
      int batchSize) {
    double sum = 0;
    int n = 0;
    for (TokenBatch b : val.batches(Sampler.sequential(val.size()), 0, batchSize)) {
      sum += eval.evaluate(at.params(), at.modelState(), b.inputs(), b.targets()).loss() * b.size();
      n += b.size();
    }
    return sum / n;
  }

  private static List<Path> curves(List<EpochStats> history, Path dir, String name) throws IOException {
    if (history.isEmpty()) {
      return List.of();
    }
    double[] epochs = history.stream().mapToDouble(EpochStats::epoch).toArray();
    Map<String, double[]> bits = new LinkedHashMap<>();
    bits.put("train", history.stream().mapToDouble(h -> h.trainLoss() / LN2).toArray());
    bits.put("validation", history.stream().mapToDouble(h -> h.validationLoss() / LN2).toArray());
    return List.of(Plots.save(Plots.lines(name + ": bits per character", "epoch", "bits per character", epochs, bits),
        dir, name + "-bits"));
  }
}
