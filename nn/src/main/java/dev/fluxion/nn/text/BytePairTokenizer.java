package dev.fluxion.nn.text;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.data.DataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Byte-level byte-pair encoding (as in GPT-2, with a simpler pre-split): ids {@code 0..255} are
 * the bytes, id {@code 256 + r} is the merge of rank {@code r}, a pair of earlier ids.
 *
 * <p><b>Pre-split.</b> Merges never cross chunk boundaries. A chunk starts at every whitespace byte
 * (space, tab, line feed, vertical tab, form feed, carriage return) that follows a non-whitespace
 * byte, so a chunk is a run of whitespace then a run of other bytes ({@code "hello"},
 * {@code " world"}, {@code "\n\nThe"}); a chunk longer than {@value #MAX_CHUNK} bytes is cut every
 * {@value #MAX_CHUNK} bytes. Chunks depend on the bytes alone, so encoding is exact on any input:
 * {@code decode(encode(s)).equals(s)} for every string without unpaired surrogates, and
 * {@code decodeBytes(encode(b))} equals {@code b} for every byte array.
 *
 * <p><b>Training</b> ({@link #train(byte[], int)}) merges, at each step, the adjacent pair that occurs
 * most often in the corpus; ties go to the smallest left id, then the smallest right id.
 * <b>Encoding</b> applies the merges to each chunk in rank order.
 *
 * <p>File format (little-endian): the magic {@code "FXBP"}, the version {@code int32 1} (this
 * pre-split), the merge count {@code m} as {@code int32}, then {@code m} pairs of {@code int32} ids,
 * each id of pair {@code r} below {@code 256 + r}.
 */
public final class BytePairTokenizer implements Tokenizer {
  /** The longest chunk of the pre-split, in bytes. */
  public static final int MAX_CHUNK = 128;

  private static final String MAGIC = "FXBP";
  private static final int VERSION = 1;
  private static final int HEADER = 12;
  private static final int CACHE = 1 << 16;

  private final int[][] merges;
  private final Map<Long, Integer> ranks;
  private final byte[][] tokens;

  private BytePairTokenizer(int[][] merges) {
    this.merges = merges;
    this.ranks = new HashMap<>(2 * merges.length);
    this.tokens = new byte[256 + merges.length][];
    for (int b = 0; b < 256; b++) {
      tokens[b] = new byte[] {(byte) b};
    }
    for (int r = 0; r < merges.length; r++) {
      ranks.put(BpeTrainer.pair(merges[r][0], merges[r][1]), r);
      byte[] l = tokens[merges[r][0]];
      byte[] rt = tokens[merges[r][1]];
      tokens[256 + r] = Arrays.copyOf(l, l.length + rt.length);
      System.arraycopy(rt, 0, tokens[256 + r], l.length, rt.length);
    }
  }

  /**
   * Learns {@code vocabularySize - 256} merges from {@code corpus}, or fewer if the corpus runs out
   * of pairs (then {@link #vocabularySize()} is smaller than asked).
   *
   * @param corpus at least one byte, any content
   * @param vocabularySize {@code >= 256}: the 256 bytes plus the merges wanted
   * @return the tokenizer
   * @throws IllegalArgumentException if {@code corpus} is null or empty, or {@code vocabularySize < 256}
   */
  public static BytePairTokenizer train(byte[] corpus, int vocabularySize) {
    Checks.notNull(corpus, "corpus");
    if (vocabularySize < 256) {
      throw new IllegalArgumentException("BytePairTokenizer: vocabularySize must be >= 256 (the 256 byte tokens),"
          + " got " + vocabularySize);
    }
    if (corpus.length == 0) {
      throw new IllegalArgumentException("BytePairTokenizer: the corpus is empty: there is nothing to learn merges from");
    }
    return new BytePairTokenizer(BpeTrainer.train(corpus, vocabularySize - 256));
  }

  /**
   * Learns merges from the UTF-8 bytes of {@code corpus}; see {@link #train(byte[], int)}.
   *
   * @param corpus at least one character, no unpaired surrogates
   * @param vocabularySize {@code >= 256}
   * @return the tokenizer
   * @throws IllegalArgumentException if {@code corpus} is empty or has an unpaired surrogate (naming
   *     its index), or {@code vocabularySize < 256}
   */
  public static BytePairTokenizer train(String corpus, int vocabularySize) {
    return train(utf8(Checks.notNull(corpus, "corpus")), vocabularySize);
  }

  @Override
  public int vocabularySize() {
    return tokens.length;
  }

  /** {@return the merges in rank order: row {@code r} is the pair {@code [left, right]} of id {@code 256 + r}} */
  public int[][] merges() {
    int[][] out = new int[merges.length][];
    for (int r = 0; r < merges.length; r++) {
      out[r] = merges[r].clone();
    }
    return out;
  }

  /**
   * {@return the bytes token {@code id} stands for (a fresh array)}
   *
   * @param id in {@code [0, vocabularySize())}
   * @throws IllegalArgumentException if {@code id} is out of range
   */
  public byte[] tokenBytes(int id) {
    checkId(id, -1);
    return tokens[id].clone();
  }

  /**
   * The ids of the UTF-8 bytes of {@code text}.
   *
   * @param text any string without unpaired surrogates
   * @return the ids, merges applied within each chunk
   * @throws IllegalArgumentException if {@code text} has an unpaired surrogate (not UTF-8 encodable),
   *     naming its index
   */
  @Override
  public int[] encode(String text) {
    return encode(utf8(Checks.notNull(text, "text")));
  }

  /**
   * The ids of {@code bytes}, any content (valid UTF-8 or not).
   *
   * @param bytes any content, valid UTF-8 or not
   * @return the ids, merges applied within each chunk
   * @throws IllegalArgumentException if {@code bytes} is null
   */
  public int[] encode(byte[] bytes) {
    Checks.notNull(bytes, "bytes");
    Ints out = new Ints();
    encodeTo(bytes, 0, bytes.length, out, new HashMap<>());
    return out.toArray();
  }

  /** Appends the ids of {@code bytes[from, to)} to {@code out}; {@code from} must start a chunk. */
  void encodeTo(byte[] bytes, int from, int to, Ints out, Map<String, int[]> cache) {
    for (int s = from; s < to; ) {
      int e = chunkEnd(bytes, s, to);
      String key = new String(bytes, s, e - s, StandardCharsets.ISO_8859_1);
      int[] ids = cache.get(key);
      if (ids == null) {
        ids = encodeChunk(bytes, s, e);
        if (cache.size() >= CACHE) {
          cache.clear();
        }
        cache.put(key, ids);
      }
      out.addAll(ids);
      s = e;
    }
  }

  private int[] encodeChunk(byte[] bytes, int from, int to) {
    int n = to - from;
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = bytes[from + i] & 0xff;
    }
    while (n > 1) {
      int best = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < n; i++) {
        Integer r = ranks.get(BpeTrainer.pair(s[i], s[i + 1]));
        if (r != null && r < best) {
          best = r;
        }
      }
      if (best == Integer.MAX_VALUE) {
        break;
      }
      int left = merges[best][0];
      int right = merges[best][1];
      int j = 0;
      for (int i = 0; i < n; i++) {
        if (i + 1 < n && s[i] == left && s[i + 1] == right) {
          s[j++] = 256 + best;
          i++;
        } else {
          s[j++] = s[i];
        }
      }
      n = j;
    }
    return Arrays.copyOf(s, n);
  }

  /**
   * The text of {@code ids}: their bytes decoded as UTF-8, where a malformed sequence (e.g. ids cut
   * inside a character, as a sampled continuation may be) becomes U+FFFD.
   *
   * @param ids token ids in {@code [0, vocabularySize())}
   * @return the text; {@code decode(encode(s)).equals(s)} for every encodable {@code s}
   * @throws IllegalArgumentException if an id is out of range, naming its position
   */
  @Override
  public String decode(int[] ids) {
    return new String(decodeBytes(ids), StandardCharsets.UTF_8);
  }

  /**
   * The bytes of {@code ids}, exactly: {@code decodeBytes(encode(b))} equals {@code b}.
   *
   * @param ids token ids in {@code [0, vocabularySize())}
   * @return the concatenated bytes of the tokens
   * @throws IllegalArgumentException if an id is out of range, naming its position
   */
  public byte[] decodeBytes(int[] ids) {
    Checks.notNull(ids, "ids");
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      checkId(ids[i], i);
      n += tokens[ids[i]].length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (int id : ids) {
      System.arraycopy(tokens[id], 0, out, at, tokens[id].length);
      at += tokens[id].length;
    }
    return out;
  }

  /**
   * Writes the merges to {@code file} atomically (a temporary file moved over it).
   *
   * @param file the destination, created or replaced; its directory must exist
   * @throws IllegalArgumentException if {@code file} is null
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path file) {
    Checks.notNull(file, "file");
    ByteBuffer b = Binary.start(MAGIC, VERSION, merges.length, 8 * merges.length);
    for (int[] m : merges) {
      b.putInt(m[0]).putInt(m[1]);
    }
    Binary.write(file, "byte-pair tokenizer", b);
  }

  /**
   * {@return the tokenizer saved in {@code file} by {@link #save}; it encodes exactly as the saved one}
   *
   * @param file a byte-pair tokenizer file
   * @throws DataFormatException naming the byte offset if the magic or version is wrong, the merge
   *     count is negative or disagrees with the file size, a merge names an id not below its own, or
   *     a pair repeats an earlier merge
   * @throws UncheckedIOException if the file cannot be read
   */
  public static BytePairTokenizer load(Path file) {
    Checks.notNull(file, "file");
    ByteBuffer b = Binary.readCounted(file, "byte-pair tokenizer", MAGIC, VERSION, 8, "merges");
    int m = b.getInt(8);
    int[][] merges = new int[m][];
    Map<Long, Integer> seen = new HashMap<>(2 * m);
    for (int r = 0; r < m; r++) {
      int left = b.getInt(HEADER + 8 * r);
      int right = b.getInt(HEADER + 8 * r + 4);
      if (left < 0 || right < 0 || left >= 256 + r || right >= 256 + r) {
        throw DataFormatException.atOffset(file, HEADER + 8L * r, "merge " + r + " is (" + left + ", " + right
            + "): its ids must be in [0, " + (256 + r) + "), the bytes and earlier merges");
      }
      Integer before = seen.put(BpeTrainer.pair(left, right), r);
      if (before != null) {
        throw DataFormatException.atOffset(file, HEADER + 8L * r, "merge " + r + " repeats the pair (" + left + ", "
            + right + ") of merge " + before);
      }
      merges[r] = new int[] {left, right};
    }
    return new BytePairTokenizer(merges);
  }

  /** {@code BytePairTokenizer[vocabulary=512, merges=256]}. */
  @Override
  public String toString() {
    return "BytePairTokenizer[vocabulary=" + tokens.length + ", merges=" + merges.length + "]";
  }

  /** The end of the chunk starting at {@code start}, at most {@code end}. */
  static int chunkEnd(byte[] b, int start, int end) {
    int limit = (int) Math.min(end, (long) start + MAX_CHUNK);
    int i = start + 1;
    while (i < limit && !(whitespace(b[i]) && !whitespace(b[i - 1]))) {
      i++;
    }
    return Math.min(i, end);
  }

  /** The start of the last chunk of {@code b[0, end)}, where 0 starts a chunk. */
  static int lastChunkStart(byte[] b, int end) {
    int s = 0;
    for (int e = chunkEnd(b, 0, end); e < end; e = chunkEnd(b, s, end)) {
      s = e;
    }
    return s;
  }

  private static boolean whitespace(byte b) {
    return b == ' ' || b >= '\t' && b <= '\r';
  }

  private void checkId(int id, int position) {
    if (id < 0 || id >= tokens.length) {
      throw new IllegalArgumentException("BytePairTokenizer: id " + id + (position >= 0 ? " at position " + position : "")
          + " is outside [0, " + tokens.length + ")");
    }
  }

  private static byte[] utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("BytePairTokenizer: unpaired surrogate " + CharTokenizer.describe(c)
            + " at char index " + i + " has no UTF-8 encoding");
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
