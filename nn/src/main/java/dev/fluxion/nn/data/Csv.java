package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reader for numeric CSV files: one example per line, every cell a number, one cell the label.
 *
 * <p>No quoting: cells are split at the delimiter and trimmed. Blank lines are skipped. Lines and
 * columns in errors are 1-based.
 */
public final class Csv {
  private Csv() {}

  /**
   * How to read a file.
   *
   * @param header true if the first line is a header to skip
   * @param labelColumn the 0-based column of the target; negative counts from the end (-1: last)
   * @param delimiter the cell separator, e.g. {@code ','}, {@code ';'} or {@code '\t'}
   */
  public record Options(boolean header, int labelColumn, char delimiter) {
    /** {@return no header, label in the last column, comma-separated} */
    public static Options defaults() {
      return new Options(false, -1, ',');
    }

    /**
     * These options with or without a header line.
     *
     * @param header true to skip the first line
     * @return the new options
     */
    public Options withHeader(boolean header) {
      return new Options(header, labelColumn, delimiter);
    }

    /**
     * These options with the label in another column.
     *
     * @param labelColumn 0-based; negative counts from the end
     * @return the new options
     */
    public Options withLabelColumn(int labelColumn) {
      return new Options(header, labelColumn, delimiter);
    }

    /**
     * These options with another delimiter.
     *
     * @param delimiter the cell separator
     * @return the new options
     */
    public Options withDelimiter(char delimiter) {
      return new Options(header, labelColumn, delimiter);
    }
  }

  /**
   * The examples of a numeric CSV file: x {@code [c - 1]} (the other columns, in order), y the
   * label column's value as a scalar.
   *
   * @param file the CSV file (UTF-8)
   * @param options header, label column and delimiter
   * @return a dataset with features {@code [n, c - 1]} and targets {@code [n]}
   * @throws DataFormatException naming file, line and column for a cell that is not a number, a
   *     line with a different number of columns than the first, a label column outside the line, or
   *     a file without data lines
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Dataset read(Path file, Options options) {
    Checks.notNull(file, "file");
    Checks.notNull(options, "options");
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file, r, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Dataset parse(Path file, BufferedReader r, Options o) throws IOException {
    String line;
    long lineNo = 0;
    int columns = -1;
    int label = -1;
    double[] x = new double[1024];
    double[] y = new double[64];
    int n = 0;
    if (o.header() && r.readLine() != null) {
      lineNo++;
    }
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = split(line, o.delimiter());
      if (columns < 0) {
        columns = cells.length;
        label = o.labelColumn() < 0 ? columns + o.labelColumn() : o.labelColumn();
        if (label < 0 || label >= columns) {
          throw DataFormatException.atCell(file, lineNo, Math.max(1, Math.min(columns, label + 1)),
              "label column " + o.labelColumn() + " is outside the " + columns + " columns of the first data line");
        }
      } else if (cells.length != columns) {
        throw DataFormatException.atCell(file, lineNo, Math.min(cells.length, columns) + 1,
            cells.length + " columns, but the first data line has " + columns);
      }
      int w = columns - 1;
      if ((long) (n + 1) * w > x.length) {
        x = Arrays.copyOf(x, Math.max(2 * x.length, (n + 1) * w));
      }
      if (n == y.length) {
        y = Arrays.copyOf(y, 2 * n);
      }
      for (int c = 0, j = 0; c < columns; c++) {
        double v = number(file, lineNo, c, cells[c]);
        if (c == label) {
          y[n] = v;
        } else {
          x[n * w + j++] = v;
        }
      }
      n++;
    }
    if (n == 0) {
      throw DataFormatException.atCell(file, lineNo + 1, 1, "no data lines");
    }
    int w = columns - 1;
    return Dataset.own(Rows.own(Arrays.copyOf(x, n * w), Shape.of(w), n),
        Rows.own(Arrays.copyOf(y, n), Shape.scalar(), n));
  }

  private static double number(Path file, long line, int column, String cell) {
    String s = cell.strip();
    if (s.isEmpty()) {
      throw DataFormatException.atCell(file, line, column + 1, "empty cell");
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw DataFormatException.atCell(file, line, column + 1, "'" + s + "' is not a number");
    }
  }

  private static String[] split(String line, char delimiter) {
    int count = 1;
    for (int i = 0; i < line.length(); i++) {
      count += line.charAt(i) == delimiter ? 1 : 0;
    }
    String[] cells = new String[count];
    int start = 0;
    for (int k = 0; k < count; k++) {
      int end = line.indexOf(delimiter, start);
      end = end < 0 ? line.length() : end;
      cells[k] = line.substring(start, end);
      start = end + 1;
    }
    return cells;
  }
}
