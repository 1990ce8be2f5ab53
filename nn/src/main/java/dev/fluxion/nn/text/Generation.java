package dev.fluxion.nn.text;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Text generation from a causal language model: greedy decoding, temperature and top-k sampling,
 * deterministic for a given {@link Key}.
 *
 * <p>The model is a function from a window of int32 token ids {@code [1, T]} to logits
 * {@code [1, T, V]} (for example {@code x -> compiled.predict(params, state, x)}). The window has a
 * fixed length {@code T}, so a compiled model compiles once: a shorter context is padded with id 0 on
 * the right and read at its last real position, which a causal model's padding cannot reach; a longer
 * one keeps its last {@code T} tokens.
 */
public final class Generation {
  private Generation() {}

  /**
   * How the next token is chosen.
   *
   * @param temperature divides the logits; 0 picks the most likely token (greedy), else {@code > 0}
   * @param topK keep only the {@code topK} most likely tokens before sampling; 0 keeps all
   */
  public record Sampling(double temperature, int topK) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the temperature is negative or not finite, or {@code topK < 0}
     */
    public Sampling {
      if (!(temperature >= 0) || !Double.isFinite(temperature) || topK < 0) {
        throw new IllegalArgumentException("Sampling: temperature must be >= 0 and finite and topK >= 0, got "
            + temperature + " and " + topK);
      }
    }

    /** {@return greedy decoding: always the most likely token (ties: the smallest id)} */
    public static Sampling greedy() {
      return new Sampling(0, 0);
    }
  }

  /**
   * {@return {@code prompt} followed by {@code steps} generated token ids}
   *
   * @param model window {@code [1, window]} of int32 ids → logits {@code [1, window, V]}
   * @param window the model's context length {@code T}, {@code >= 1}
   * @param prompt at least one token id
   * @param steps how many tokens to generate, {@code >= 0}
   * @param sampling greedy or sampled
   * @param key the randomness; the same key gives the same tokens
   * @throws IllegalArgumentException on an empty prompt, a negative count, or logits of the wrong shape
   */
  public static int[] generate(UnaryOperator<Tensor> model, int window, int[] prompt, int steps, Sampling sampling,
      Key key) {
    Checks.notNull(model, "model");
    Checks.notNull(sampling, "sampling");
    Checks.notNull(key, "key");
    if (Checks.notNull(prompt, "prompt").length == 0 || steps < 0 || window < 1) {
      throw new IllegalArgumentException("generate: needs a prompt, steps >= 0 and window >= 1, got " + prompt.length
          + " tokens, " + steps + " steps, window " + window);
    }
    int[] out = Arrays.copyOf(prompt, prompt.length + steps);
    for (int s = 0; s < steps; s++) {
      int len = prompt.length + s;
      int from = Math.max(0, len - window);
      int[] ids = new int[window];
      System.arraycopy(out, from, ids, 0, len - from);
      Tensor logits = model.apply(Tensor.of(ids, 1, window));
      if (logits.rank() != 3 || logits.shape().dim(0) != 1 || logits.shape().dim(1) != window) {
        throw new IllegalArgumentException("generate: the model returned logits of shape " + logits.shape()
            + ", expected [1, " + window + ", V]");
      }
      int v = logits.shape().dim(2);
      double[] row = logits.slice(new int[] {0, len - from - 1, 0}, new int[] {1, len - from, v}, new int[] {1, 1, 1})
          .toArray();
      out[len] = next(row, sampling, key.fold(s));
    }
    return out;
  }

  /**
   * {@return a token id drawn from {@code logits} as {@code sampling} says}
   *
   * @param logits one score per token id, at least one, none NaN
   * @param sampling greedy or sampled
   * @param key the draw's randomness
   * @throws IllegalArgumentException if {@code logits} is empty or holds NaN
   */
  public static int next(double[] logits, Sampling sampling, Key key) {
    int v = Checks.notNull(logits, "logits").length;
    Integer[] order = new Integer[v];
    for (int i = 0; i < v; i++) {
      if (Double.isNaN(logits[i])) {
        throw new IllegalArgumentException("generate: logit " + i + " is NaN");
      }
      order[i] = i;
    }
    if (v == 0) {
      throw new IllegalArgumentException("generate: no logits");
    }
    Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Double.compare(logits[b], logits[a]) : Integer.compare(a, b));
    if (sampling.temperature() == 0) {
      return order[0];
    }
    int k = sampling.topK() == 0 ? v : Math.min(sampling.topK(), v);
    double[] p = new double[k];
    double max = logits[order[0]];
    double z = 0;
    for (int i = 0; i < k; i++) {
      p[i] = Math.exp((logits[order[i]] - max) / sampling.temperature());
      z += p[i];
    }
    double u = Tensor.uniform(key, Shape.scalar(), 0, 1).item() * z;
    double acc = 0;
    for (int i = 0; i < k; i++) {
      acc += p[i];
      if (u < acc) {
        return order[i];
      }
    }
    return order[k - 1];
  }
}
