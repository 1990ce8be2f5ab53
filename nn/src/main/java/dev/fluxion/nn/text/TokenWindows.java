package dev.fluxion.nn.text;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.data.Sampler;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Next-token windows over a range {@code [from, to)} of a {@link TokenFile}: window {@code k}
 * starts at {@code i = from + k * stride} and gives inputs {@code x = ids[i, i + T)} and targets
 * {@code y = ids[i + 1, i + T + 1)}, the language-model convention, with {@code T} the context
 * length. Every window lies inside the range, so a window never reads past a split.
 *
 * <p>The default stride is {@code T}: the windows tile the range and each token is a target once
 * per epoch. Windows are read from the file only when a batch is made. Immutable.
 *
 * <pre>{@code
 * TokenWindows.Split split = TokenWindows.of(file, 64).split(0.1);
 * for (TokenBatch b : split.train().batches(Key.of(42), epoch, 32)) { ... b.inputs() [32][64] ... }
 * }</pre>
 */
public final class TokenWindows {
  private final TokenFile file;
  private final long from;
  private final long to;
  private final int contextLength;
  private final int stride;
  private final int size;

  private TokenWindows(TokenFile file, long from, long to, int contextLength, int stride) {
    long n = to - from;
    if (n < contextLength + 1L) {
      throw new IllegalArgumentException("TokenWindows: a window needs " + (contextLength + 1L) + " tokens (context "
          + contextLength + " plus the next token), but the range [" + from + ", " + to + ") of " + file.file()
          + " holds " + n);
    }
    long count = (n - contextLength - 1) / stride + 1;
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("TokenWindows: " + count + " windows of " + contextLength + " with stride "
          + stride + " are more than 2^31-1; use a larger stride");
    }
    this.file = file;
    this.from = from;
    this.to = to;
    this.contextLength = contextLength;
    this.stride = stride;
    this.size = (int) count;
  }

  /**
   * {@return the windows of {@code contextLength} over the whole of {@code file}, stride {@code contextLength}}
   *
   * @param file token ids
   * @param contextLength {@code T >= 1}
   * @throws IllegalArgumentException if {@code file} is null, {@code contextLength < 1}, or the file
   *     holds fewer than {@code T + 1} tokens
   */
  public static TokenWindows of(TokenFile file, int contextLength) {
    Checks.notNull(file, "file");
    checkPositive("contextLength", contextLength);
    return new TokenWindows(file, 0, file.size(), contextLength, contextLength);
  }

  /**
   * {@return these windows with window {@code k} starting at {@code from + k * stride}}
   *
   * @param stride {@code >= 1}; 1 gives every window, overlapping
   * @throws IllegalArgumentException if {@code stride < 1} or the windows would be more than {@code 2^31-1}
   */
  public TokenWindows withStride(int stride) {
    checkPositive("stride", stride);
    return new TokenWindows(file, from, to, contextLength, stride);
  }

  /**
   * The first and last parts of a token range, with the windows of each.
   *
   * @param train windows over {@code [from, cut)}
   * @param validation windows over {@code [cut, to)}
   */
  public record Split(TokenWindows train, TokenWindows validation) {}

  /**
   * Splits the range at token {@code cut = from + floor((to - from) * (1 - validationFraction))}:
   * training windows before it, validation windows from it on; none crosses it.
   *
   * @param validationFraction in {@code (0, 1)}: the share of tokens for validation
   * @return the two parts, each with this context length and stride
   * @throws IllegalArgumentException if the fraction is not in {@code (0, 1)} or a part holds fewer
   *     than {@code T + 1} tokens
   */
  public Split split(double validationFraction) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("split: validationFraction must be in (0, 1), got " + validationFraction);
    }
    long cut = from + (long) Math.floor((to - from) * (1 - validationFraction));
    return new Split(new TokenWindows(file, from, cut, contextLength, stride),
        new TokenWindows(file, cut, to, contextLength, stride));
  }

  /** {@return the number of windows} */
  public int size() {
    return size;
  }

  /** {@return the context length {@code T}} */
  public int contextLength() {
    return contextLength;
  }

  /** {@return the distance between the starts of consecutive windows} */
  public int stride() {
    return stride;
  }

  /** {@return the first token of the range} */
  public long from() {
    return from;
  }

  /** {@return the end of the range (exclusive)} */
  public long to() {
    return to;
  }

  /** {@return the token file} */
  public TokenFile file() {
    return file;
  }

  /**
   * {@return the {@code T + 1} tokens of window {@code k}: inputs are the first {@code T}, targets the last {@code T}}
   *
   * @param k in {@code [0, size())}
   * @throws IllegalArgumentException if {@code k} is out of range
   */
  public int[] window(int k) {
    if (k < 0 || k >= size) {
      throw new IllegalArgumentException("TokenWindows: window " + k + " is outside [0, " + size + ")");
    }
    return file.read(from + (long) k * stride, contextLength + 1);
  }

  /**
   * {@return the batch of the given windows, in order}
   *
   * @param windows window indices in {@code [0, size())}
   * @throws IllegalArgumentException if an index is out of range
   */
  public TokenBatch batch(int[] windows) {
    Checks.notNull(windows, "windows");
    int[][] rows = new int[windows.length][];
    for (int b = 0; b < windows.length; b++) {
      rows[b] = window(windows[b]);
    }
    return TokenBatch.ofWindows(rows);
  }

  /**
   * The batches of epoch {@code epoch}, windows shuffled afresh per epoch from {@code key}
   * ({@link Sampler#random}); the last batch is dropped if smaller than {@code batchSize}.
   *
   * @param key the run's key: the same key and epoch give the same batches
   * @param epoch {@code >= 0}
   * @param batchSize {@code b} in {@code [1, size()]}
   * @return {@code floor(size() / b)} batches of {@code b} rows, read lazily
   * @throws IllegalArgumentException if {@code key} is null, {@code epoch < 0}, or {@code batchSize}
   *     is outside {@code [1, size()]}
   */
  public Iterable<TokenBatch> batches(Key key, int epoch, int batchSize) {
    Checks.notNull(key, "key");
    return batches(Sampler.random(size, key), epoch, batchSize, true);
  }

  /**
   * The batches of epoch {@code epoch} in the order {@code sampler} gives, the last one possibly smaller.
   *
   * @param sampler window indices in {@code [0, size())}, e.g. {@code Sampler.sequential(size())}
   *     for evaluation
   * @param epoch {@code >= 0}
   * @param batchSize {@code b >= 1}
   * @return {@code ceil(sampler.size() / b)} batches, read lazily
   * @throws IllegalArgumentException if {@code sampler} is null, {@code epoch < 0} or {@code batchSize < 1};
   *     when iterating, if the sampler gives an index out of range
   */
  public Iterable<TokenBatch> batches(Sampler sampler, int epoch, int batchSize) {
    Checks.notNull(sampler, "sampler");
    return batches(sampler, epoch, batchSize, false);
  }

  private Iterable<TokenBatch> batches(Sampler sampler, int epoch, int batchSize, boolean dropLast) {
    checkPositive("batchSize", batchSize);
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    if (dropLast && batchSize > sampler.size()) {
      throw new IllegalArgumentException("TokenWindows: " + sampler.size() + " windows give no full batch of "
          + batchSize);
    }
    int count = dropLast ? sampler.size() / batchSize : (sampler.size() + batchSize - 1) / batchSize;
    return () -> new Iterator<>() {
      private final int[] order = sampler.order(epoch);
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public TokenBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("epoch has " + count + " batches");
        }
        int start = next++ * batchSize;
        return batch(Arrays.copyOfRange(order, start, Math.min(start + batchSize, order.length)));
      }
    };
  }

  /** {@code TokenWindows[tokens [0, 1000), T=64, stride=64, windows=15]}. */
  @Override
  public String toString() {
    return "TokenWindows[tokens [" + from + ", " + to + "), T=" + contextLength + ", stride=" + stride
        + ", windows=" + size + "]";
  }

  private static void checkPositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("TokenWindows: " + name + " must be >= 1, got " + value);
    }
  }
}
