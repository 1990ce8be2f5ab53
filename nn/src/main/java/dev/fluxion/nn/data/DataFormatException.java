package dev.fluxion.nn.data;

import java.nio.file.Path;

/**
 * A data file that does not hold what its format promises, with the place where that shows:
 * a byte offset (binary formats) or a line and column (text formats).
 */
public final class DataFormatException extends IllegalArgumentException {
  private final transient Path file;
  /** The byte offset of the error in the file, or -1. */
  private final long offset;
  /** The 1-based line of the error, or -1. */
  private final long line;
  /** The 1-based column of the error, or -1. */
  private final int column;

  private DataFormatException(Path file, long offset, long line, int column, String where, String message) {
    super(file + ": " + where + ": " + message);
    this.file = file;
    this.offset = offset;
    this.line = line;
    this.column = column;
  }

  /**
   * An error at a byte offset of a binary file.
   *
   * @param file the file being read, for the message
   * @param offset {@code >= 0}, counted in the (decompressed) content
   * @param message what is wrong
   * @return the exception, to throw
   */
  public static DataFormatException atOffset(Path file, long offset, String message) {
    return new DataFormatException(file, offset, -1, -1, "byte offset " + offset, message);
  }

  /**
   * An error at a cell of a text file.
   *
   * @param file the file being read, for the message
   * @param line 1-based line number
   * @param column 1-based column number
   * @param message what is wrong
   * @return the exception, to throw
   */
  public static DataFormatException atCell(Path file, long line, int column, String message) {
    return new DataFormatException(file, -1, line, column, "line " + line + ", column " + column, message);
  }

  /** {@return the file} */
  public Path file() {
    return file;
  }

  /** {@return the byte offset of the problem, or -1 for a text error} */
  public long offset() {
    return offset;
  }

  /** {@return the 1-based line of the problem, or -1 for a binary error} */
  public long line() {
    return line;
  }

  /** {@return the 1-based column of the problem, or -1 for a binary error} */
  public int column() {
    return column;
  }
}
