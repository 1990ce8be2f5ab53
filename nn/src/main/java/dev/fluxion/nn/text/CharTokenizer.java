package dev.fluxion.nn.text;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.data.DataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * One token per Unicode code point: the vocabulary is the set of code points of a corpus, sorted,
 * so id {@code i} is the {@code i}-th smallest code point seen and the ids depend on the corpus
 * alone.
 *
 * <p>There is no unknown token: encoding a character the corpus did not contain throws, naming the
 * character (as {@code U+XXXX}) and its index. Unpaired surrogates count as code points of their
 * own, so any Java string of known characters round-trips.
 *
 * <p>File format (little-endian): the magic {@code "FXCT"}, the version {@code int32 1}, the count
 * {@code n} as {@code int32}, then {@code n} strictly increasing {@code int32} code points.
 */
public final class CharTokenizer implements Tokenizer {
  private static final String MAGIC = "FXCT";
  private static final int VERSION = 1;
  private static final int HEADER = 12;

  private final int[] codePoints;

  private CharTokenizer(int[] codePoints) {
    this.codePoints = codePoints;
  }

  /**
   * {@return the tokenizer whose vocabulary is the code points of {@code corpus}, sorted}
   *
   * @param corpus at least one character
   * @throws IllegalArgumentException if {@code corpus} is null or empty
   */
  public static CharTokenizer of(String corpus) {
    Checks.notNull(corpus, "corpus");
    if (corpus.isEmpty()) {
      throw new IllegalArgumentException("CharTokenizer: the corpus is empty, so the vocabulary would be empty");
    }
    return new CharTokenizer(corpus.codePoints().sorted().distinct().toArray());
  }

  @Override
  public int vocabularySize() {
    return codePoints.length;
  }

  /**
   * {@return the code point of token {@code id}}
   *
   * @param id in {@code [0, vocabularySize())}
   * @throws IllegalArgumentException if {@code id} is out of range
   */
  public int codePoint(int id) {
    checkId(id, -1);
    return codePoints[id];
  }

  /**
   * The ids of the code points of {@code text}.
   *
   * @param text characters that all occur in the corpus
   * @return one id per code point
   * @throws IllegalArgumentException if a character is not in the vocabulary, naming it as
   *     {@code U+XXXX} and its char index in {@code text}
   */
  @Override
  public int[] encode(String text) {
    Checks.notNull(text, "text");
    Ints out = new Ints();
    encodeTo(text, out, 0, "");
    return out.toArray();
  }

  /** Appends the ids of {@code text} to {@code out}; errors give indices from {@code base} in {@code where}. */
  void encodeTo(CharSequence text, Ints out, long base, String where) {
    for (int i = 0; i < text.length(); ) {
      int cp = Character.codePointAt(text, i);
      int id = Arrays.binarySearch(codePoints, cp);
      if (id < 0) {
        throw new IllegalArgumentException("CharTokenizer: unknown character " + describe(cp) + " at char index "
            + (base + i) + where + " (the vocabulary holds the " + codePoints.length + " characters of the corpus)");
      }
      out.add(id);
      i += Character.charCount(cp);
    }
  }

  @Override
  public String decode(int[] ids) {
    Checks.notNull(ids, "ids");
    StringBuilder s = new StringBuilder(ids.length);
    for (int i = 0; i < ids.length; i++) {
      checkId(ids[i], i);
      s.appendCodePoint(codePoints[ids[i]]);
    }
    return s.toString();
  }

  /**
   * Writes the vocabulary to {@code file} atomically (a temporary file moved over it).
   *
   * @param file the destination, created or replaced; its directory must exist
   * @throws IllegalArgumentException if {@code file} is null
   * @throws UncheckedIOException if the file cannot be written
   */
  public void save(Path file) {
    Checks.notNull(file, "file");
    ByteBuffer b = Binary.start(MAGIC, VERSION, codePoints.length, 4 * codePoints.length);
    for (int cp : codePoints) {
      b.putInt(cp);
    }
    Binary.write(file, "character tokenizer", b);
  }

  /**
   * {@return the tokenizer saved in {@code file} by {@link #save}}
   *
   * @param file a character tokenizer file
   * @throws DataFormatException naming the byte offset if the magic or version is wrong, the count
   *     is not positive or disagrees with the file size, or the code points are not strictly
   *     increasing values in {@code [0, 0x10FFFF]}
   * @throws UncheckedIOException if the file cannot be read
   */
  public static CharTokenizer load(Path file) {
    Checks.notNull(file, "file");
    ByteBuffer b = Binary.readCounted(file, "character tokenizer", MAGIC, VERSION, 4, "code points");
    int n = b.getInt(8);
    if (n == 0) {
      throw DataFormatException.atOffset(file, 8, "the header declares 0 code points: the vocabulary must not be empty");
    }
    int[] cps = new int[n];
    for (int i = 0; i < n; i++) {
      cps[i] = b.getInt(HEADER + 4 * i);
      if (cps[i] < 0 || cps[i] > Character.MAX_CODE_POINT || i > 0 && cps[i] <= cps[i - 1]) {
        throw DataFormatException.atOffset(file, HEADER + 4L * i, "code point " + i + " is " + cps[i]
            + ": code points must be strictly increasing values in [0, 0x10FFFF]");
      }
    }
    return new CharTokenizer(cps);
  }

  /** {@code CharTokenizer[vocabulary=65]}. */
  @Override
  public String toString() {
    return "CharTokenizer[vocabulary=" + codePoints.length + "]";
  }

  private void checkId(int id, int position) {
    if (id < 0 || id >= codePoints.length) {
      throw new IllegalArgumentException("CharTokenizer: id " + id + (position >= 0 ? " at position " + position : "")
          + " is outside [0, " + codePoints.length + ")");
    }
  }

  /** {@code U+00E9 'é'}; control, space and surrogate characters without the glyph. */
  static String describe(int cp) {
    String code = String.format(Locale.ROOT, "U+%04X", cp);
    boolean glyph = Character.isDefined(cp) && !Character.isISOControl(cp) && !Character.isWhitespace(cp)
        && Character.getType(cp) != Character.SURROGATE;
    return glyph ? code + " '" + Character.toString(cp) + "'" : code;
  }
}
