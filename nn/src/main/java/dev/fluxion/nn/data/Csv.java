package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reader for numeric CSV files (RFC 4180, read with Apache Commons CSV): one example per record,
 * the chosen feature columns and one label column numbers.
 *
 * <p>Cells may be quoted, and quoted cells may hold delimiters, doubled quotes and line breaks,
 * as pandas and spreadsheets write them; cells are trimmed; blank lines are skipped; a UTF-8
 * byte-order mark is skipped; CRLF and LF line ends are both read. With a header, feature and
 * label columns can be chosen by name, and columns that are not chosen are never parsed (they may
 * hold text). Errors name the file, the line (1-based, where the record starts) and the column
 * (1-based, and its header name when there is a header).
 */
public final class Csv {
  private Csv() {}

  /**
   * {@return the examples of a CSV file with no header whose last column is the label}
   *
   * @param file the CSV file (UTF-8)
   * @throws DataFormatException see {@link #read(Path, CsvOptions)}
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Dataset read(Path file) {
    return read(file, CsvOptions.defaults());
  }

  /**
   * The examples of a numeric CSV file: x {@code [f]} the feature columns (in the order chosen,
   * else file order), y the label column's value as a scalar.
   *
   * @param file the CSV file (UTF-8)
   * @param options header, delimiter, label and feature columns, memory limit
   * @return a dataset with features {@code [n, f]} and targets {@code [n]}
   * @throws DataFormatException naming file, line and column for a cell that is empty or not a
   *     number, a record with missing or extra cells, an unknown or ambiguous column name, a label
   *     column outside the record, an unterminated quote, text that is not UTF-8, a file without
   *     data records or feature columns, or values needing more memory than the options' limit
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Dataset read(Path file, CsvOptions options) {
    Checks.notNull(file, "file");
    Checks.notNull(options, "options");
    String text = CsvText.read(file, options.limit());
    CsvText.Lines lines = new CsvText.Lines(text);
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(options.delimiter()).setTrim(true)
        .setIgnoreEmptyLines(true).get();
    try (CSVParser parser = CSVParser.parse(text, format)) {
      return parse(file, parser, lines, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Dataset parse(Path file, CSVParser parser, CsvText.Lines lines, CsvOptions o) {
    Iterator<CSVRecord> records = parser.iterator();
    @Nullable CSVRecord first = next(file, parser, records);
    if (first == null) {
      throw DataFormatException.atCell(file, lines.count() + 1, 1, "no data lines");
    }
    Columns cols = Columns.resolve(file, lines.lineOf(first), first, o);
    @Nullable CSVRecord r = o.header() ? next(file, parser, records) : first;
    int w = cols.features().length;
    double[] x = new double[Math.max(16, 64 * w)];
    double[] y = new double[64];
    int n = 0;
    for (; r != null; r = next(file, parser, records)) {
      long line = lines.lineOf(r);
      cols.checkSize(file, line, r);
      if (o.limit().refuses(8L * (n + 1) * (w + 1))) {
        throw DataFormatException.atCell(file, line, 1, o.limit().explain("the values of " + (n + 1) + " records of "
            + (w + 1) + " columns", 8L * (n + 1) * (w + 1)));
      }
      if ((long) (n + 1) * w > x.length) {
        x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * x.length, (long) (n + 1) * w)));
      }
      if (n == y.length) {
        y = Arrays.copyOf(y, 2 * n);
      }
      for (int j = 0; j < w; j++) {
        x[n * w + j] = cols.number(file, line, r, cols.features()[j]);
      }
      y[n] = cols.number(file, line, r, cols.label());
      n++;
    }
    if (n == 0) {
      throw DataFormatException.atCell(file, lines.count() + 1, 1, "no data lines after the header");
    }
    return Dataset.own(Rows.own(Arrays.copyOf(x, n * w), Shape.of(w), n), Rows.own(Arrays.copyOf(y, n), Shape.scalar(), n));
  }

  /** The next record, or null at the end; a malformed file (an unterminated quote) names its line. */
  private static @Nullable CSVRecord next(Path file, CSVParser parser, Iterator<CSVRecord> records) {
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException e) {
      throw DataFormatException.atCell(file, parser.getCurrentLineNumber() + 1, 1, "malformed CSV: "
          + e.getCause().getMessage());
    }
  }

  /** The chosen columns: label and feature indices, and the header names (or null). */
  private record Columns(int count, int label, int[] features, String[] names) {
    static Columns resolve(Path file, long line, CSVRecord first, CsvOptions o) {
      int count = first.size();
      String[] names = o.header() ? first.toList().toArray(new String[0]) : new String[0];
      int label;
      if (o.label() != null) {
        label = find(file, line, names, o.label());
      } else {
        label = o.labelColumn() < 0 ? count + o.labelColumn() : o.labelColumn();
        if (label < 0 || label >= count) {
          throw DataFormatException.atCell(file, line, Math.max(1, Math.min(count, label + 1)), "label column "
              + o.labelColumn() + " is outside the " + count + " columns of the first line");
        }
      }
      int[] features;
      if (o.features().isEmpty()) {
        features = new int[count - 1];
        for (int c = 0, j = 0; c < count; c++) {
          if (c != label) {
            features[j++] = c;
          }
        }
      } else {
        List<String> wanted = o.features();
        features = new int[wanted.size()];
        for (int j = 0; j < features.length; j++) {
          features[j] = find(file, line, names, wanted.get(j));
        }
      }
      if (features.length == 0) {
        throw DataFormatException.atCell(file, line, 1, "no feature columns (the file has " + count + " column"
            + (count == 1 ? "" : "s") + ", one of them the label)");
      }
      return new Columns(count, label, features, names);
    }

    private static int find(Path file, long line, String[] names, String name) {
      int at = -1;
      for (int c = 0; c < names.length; c++) {
        if (names[c].equals(name)) {
          if (at >= 0) {
            throw DataFormatException.atCell(file, line, c + 1, "column name '" + name + "' is ambiguous: it names"
                + " columns " + (at + 1) + " and " + (c + 1));
          }
          at = c;
        }
      }
      if (at < 0) {
        throw DataFormatException.atCell(file, line, 1, "no column named '" + name + "'; the header has "
            + String.join(", ", Arrays.stream(names).map(s -> "'" + s + "'").toList()));
      }
      return at;
    }

    void checkSize(Path file, long line, CSVRecord r) {
      if (r.size() < count) {
        throw DataFormatException.atCell(file, line, r.size() + 1, "missing cell in column " + describe(r.size())
            + ": the line has " + r.size() + " of " + count + " cells");
      }
      if (r.size() > count) {
        throw DataFormatException.atCell(file, line, count + 1, r.size() + " cells, but the "
            + (names.length > 0 ? "header has " : "first line has ") + count);
      }
    }

    double number(Path file, long line, CSVRecord r, int c) {
      String s = r.get(c);
      if (s.isEmpty()) {
        throw DataFormatException.atCell(file, line, c + 1, "empty cell in column " + describe(c));
      }
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw DataFormatException.atCell(file, line, c + 1, "'" + s + "' in column " + describe(c) + " is not a number");
      }
    }

    private String describe(int c) {
      return names.length > 0 ? "'" + names[c] + "' (" + (c + 1) + ")" : String.valueOf(c + 1);
    }
  }
}
