package dev.fluxion.nn.data;

import dev.fluxion.nn.io.SizeLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.csv.CSVRecord;

/** The text of a CSV file (UTF-8, byte-order mark removed) and the line on which each record starts. */
final class CsvText {
  private CsvText() {}

  /**
   * The file's text without a leading byte-order mark.
   *
   * @throws DataFormatException if the file is not UTF-8 (naming the byte offset) or its text
   *     would need more memory than {@code limit}
   */
  static String read(Path file, SizeLimit limit) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (limit.refuses(3 * size)) {
        throw DataFormatException.atOffset(file, 0, limit.explain("the text of the file (" + size + " bytes, read"
            + " as characters)", 3 * size));
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CSV file " + file + ": " + e.getMessage(), e);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw DataFormatException.atOffset(file, in.position(), "not UTF-8 text (byte 0x" + String.format("%02X",
          bytes[in.position()] & 0xff) + "); save the file as UTF-8");
    }
    decoder.flush(out);
    out.flip();
    int start = out.length() > 0 && out.charAt(0) == '\uFEFF' ? 1 : 0;
    return out.subSequence(start, out.length()).toString();
  }

  /** The positions of line starts in a text, to turn a record's character position into its line. */
  static final class Lines {
    private final String text;
    private final int[] starts;

    Lines(String text) {
      this.text = text;
      int[] s = new int[16];
      int n = 1;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        boolean end = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
        if (end && i + 1 < text.length()) {
          if (n == s.length) {
            s = Arrays.copyOf(s, 2 * n);
          }
          s[n++] = i + 1;
        }
      }
      this.starts = Arrays.copyOf(s, n);
    }

    /** {@return the number of lines} */
    long count() {
      return starts.length;
    }

    /** {@return the 1-based line where {@code r} starts (skipping the blank lines the parser passed over)} */
    long lineOf(CSVRecord r) {
      int p = (int) Math.min(r.getCharacterPosition(), text.length());
      while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
        p++;
      }
      int k = Arrays.binarySearch(starts, p);
      return (k >= 0 ? k : -k - 2) + 1;
    }
  }
}
