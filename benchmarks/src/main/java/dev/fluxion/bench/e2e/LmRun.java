package dev.fluxion.bench.e2e;

import static dev.fluxion.autodiff.expr.Fx.reshape;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.NoState;
import dev.fluxion.nn.layer.Transformer;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.text.CharTokenizer;
import dev.fluxion.nn.text.Corpus;
import dev.fluxion.nn.text.TokenBatch;
import dev.fluxion.nn.text.TokenFile;
import dev.fluxion.nn.text.TokenWindows;
import dev.fluxion.nn.train.TrainStep;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Fluxion side of the language-model comparison: trains a character-level decoder-only
 * {@link Transformer} (dropout 0) on a text with Adam and the compiled training step
 * ({@link TrainStep}), and prints one JSON line per epoch and a final summary line, like
 * {@link TrainRun}.
 *
 * <pre>
 * LmRun [--corpus DIR|FILE] [--bytes N] [--epochs N] [--seed S] [--context T] [--dim D] [--heads H]
 *       [--layers L] [--batch-size B] [--lr X] [--max-steps N] [--losses K] [--dtype float32|float64]
 *       [--weights-out FILE] [--tokens-out FILE]
 * </pre>
 *
 * <p>The text (the fortunes by default, cut to {@code --bytes}) is encoded by a {@link CharTokenizer}
 * and written as a {@link TokenFile}; the examples are its non-overlapping windows of {@code T + 1}
 * tokens (stride {@code T}, {@link TokenWindows}). Each epoch visits them in the order of
 * {@link SplitMix#permutation} seeded by {@code seed + epoch}, in batches of {@code B} windows, the last
 * partial batch dropped. The loss is the mean next-token cross-entropy over all {@code B·T}
 * positions. {@code train_lm_torch.py} reads the token file and the initial weights
 * ({@code --weights-out}, float64 safetensors named by parameter path) and cuts the same batches.
 * The epoch time covers the training loop only: reading the batch's windows and the whole step.
 */
public final class LmRun {
  private LmRun() {}

  /**
   * The summary of a run.
   *
   * @param epochSeconds the training-loop seconds of each epoch
   * @param losses the first step losses, in order (at most {@link LmOptions#losses()})
   * @param steps the number of optimizer steps run
   * @param windows the number of windows of {@code T + 1} tokens in the text
   * @param parameters the number of trained parameter values
   */
  public record Result(double[] epochSeconds, double[] losses, long steps, int windows, long parameters) {}

  /**
   * Runs from the command line; exit status 2 for bad options or a missing corpus.
   *
   * @param args the options above
   */
  public static void main(String[] args) {
    LmOptions o;
    try {
      o = LmOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LmRun: " + e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    TokenFile tokens;
    try {
      tokens = tokens(o);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      System.err.println("LmRun: cannot read the text " + o.corpus() + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    Result r = run(o, tokens, System.out);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("side", "fluxion");
    summary.put("model", "lm");
    summary.put("epochs", o.epochs());
    summary.put("batch_size", o.batchSize());
    summary.put("context", o.context());
    summary.put("dim", o.dim());
    summary.put("heads", o.heads());
    summary.put("layers", o.layers());
    summary.put("vocabulary", tokens.vocabularySize());
    summary.put("tokens", tokens.size());
    summary.put("windows", r.windows());
    summary.put("parameters", r.parameters());
    summary.put("optimizer", "adam");
    summary.put("lr", o.lr());
    summary.put("dtype", o.dtype().toString());
    summary.put("steps", r.steps());
    summary.put("load_seconds", loadSeconds);
    summary.put("epoch_seconds", r.epochSeconds());
    summary.put("losses", r.losses());
    TrainRun.printSummary(summary);
  }

  /**
   * Reads the text the options name, cuts it to {@code --bytes}, encodes it one token per character and
   * writes the ids to {@code --tokens-out} (or to a temporary file deleted when the JVM exits).
   *
   * @param o the corpus, the byte limit and the token file
   * @return the token file, opened; its vocabulary is the cut text's characters
   * @throws UncheckedIOException if the corpus is missing or a file cannot be read or written
   */
  public static TokenFile tokens(LmOptions o) {
    String text = Files.isDirectory(o.corpus()) ? Corpus.fortunes(o.corpus()) : Corpus.read(o.corpus());
    text = cut(text, o.bytes());
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the text is empty");
    }
    CharTokenizer tokenizer = CharTokenizer.of(text);
    Path out = o.tokensOut();
    try {
      if (out == null) {
        out = Files.createTempFile("lmrun-", ".tokens");
        out.toFile().deleteOnExit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary token file: " + e.getMessage(), e);
    }
    return TokenFile.write(out, tokenizer.vocabularySize(), tokenizer.encode(text));
  }

  /**
   * {@return the longest prefix of {@code text} whose UTF-8 encoding has at most {@code bytes} bytes}
   *
   * @param text any string, empty included
   * @param bytes the limit; 0 keeps the whole text
   */
  static String cut(String text, long bytes) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (bytes == 0 || b.length <= bytes) {
      return text;
    }
    int n = (int) bytes;
    while (n > 0 && (b[n] & 0xC0) == 0x80) {
      n--;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * Trains as the options say, printing one JSON line per epoch to {@code out}.
   *
   * @param o the model's sizes, the optimizer, the epochs and the seed
   * @param tokens the text's token ids; its vocabulary size is the model's
   * @param out where the epoch lines go
   * @return the summary
   * @throws IllegalArgumentException if the text holds fewer than one batch of windows
   */
  public static Result run(LmOptions o, TokenFile tokens, PrintStream out) {
    int t = o.context();
    TokenWindows windows = TokenWindows.of(tokens, t);
    int n = windows.size();
    int b = o.batchSize();
    if (n < b) {
      throw new IllegalArgumentException(n + " windows of " + (t + 1) + " tokens give no full batch of " + b);
    }
    var model = new Transformer(tokens.vocabularySize(), o.dim(), o.heads(), o.layers(), t, 0.0);
    var params = model.init(Key.of(o.seed()), Shape.of(t), o.dtype());
    if (o.weightsOut() != null) {
      writeWeights(o.weightsOut(), params, o);
    }
    GradientTransformation<ChainState> opt = Optimizers.adam(o.lr());
    ChainState optState = opt.init(params);
    var trainStep = TrainStep.builder(model, LmRun::nextToken, opt).build(params, NoState.INSTANCE, Shape.of(t),
        Shape.of(t));
    List<Double> losses = new ArrayList<>();
    double[] seconds = new double[o.epochs()];
    long step = 0;
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      int[] perm = SplitMix.permutation(n, o.seed(), epoch);
      int batches = n / b;
      if (o.maxSteps() > 0) {
        batches = Math.min(batches, o.maxSteps());
      }
      double lossSum = 0;
      long[] parts = new long[2];
      long t0 = System.nanoTime();
      for (int i = 0; i < batches; i++) {
        long ta = System.nanoTime();
        TokenBatch batch = windows.batch(Arrays.copyOfRange(perm, i * b, (i + 1) * b));
        long tb = System.nanoTime();
        var r = trainStep.apply(params, optState, NoState.INSTANCE, batch.inputs(), batch.targets(), step);
        long tc = System.nanoTime();
        params = r.params();
        optState = r.optState();
        parts[0] += tb - ta;
        parts[1] += tc - tb;
        lossSum += r.loss();
        if (losses.size() < o.losses()) {
          losses.add(r.loss());
        }
        step++;
      }
      seconds[epoch] = (System.nanoTime() - t0) / 1e9;
      out.println(TrainRun.epochLine(epoch + 1, seconds[epoch], lossSum / batches, batches, parts));
      out.flush();
    }
    long count = 0;
    for (Tensor p : Trees.tensors(params).values()) {
      count += p.shape().size();
    }
    return new Result(seconds, losses.stream().mapToDouble(Double::doubleValue).toArray(), step, n,
        count - tokens.vocabularySize());
  }

  /**
   * {@return the mean next-token cross-entropy over every position}
   *
   * @param logits {@code [N, T, V]}
   * @param targets int32 token ids {@code [N, T]}
   */
  static Expr nextToken(Expr logits, Expr targets) {
    int rows = logits.shape().dim(0) * logits.shape().dim(1);
    return Losses.softmaxCrossEntropy(reshape(logits, rows, logits.shape().dim(2)), reshape(targets, rows));
  }

  private static void writeWeights(Path file, Object params, LmOptions o) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model", "lm");
    meta.put("seed", Long.toString(o.seed()));
    meta.put("layout", "Dense w [in, out] used as x W + b; attention wq, wk, wv, wo [D, D]; head without bias"
        + " (head.b stays 0)");
    TrainRun.writeParams(file, params, meta);
  }
}
