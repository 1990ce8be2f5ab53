package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.io.SizeLimit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Csv#read} reads a file: whether the first record is a header, the delimiter, which
 * column is the label and which are the features (by header name or by position), and the most
 * memory the values may take.
 *
 * <pre>{@code
 * Dataset d = Csv.read(path, CsvOptions.defaults().withFeatures("sepal_length", "petal_width").withLabel("species_id"));
 * }</pre>
 *
 * @param header true if the first record names the columns (required to select columns by name)
 * @param delimiter the cell separator, e.g. {@code ','}, {@code ';'} or {@code '\t'}
 * @param labelColumn the 0-based column of the label, negative counts from the end (-1: last);
 *     ignored when {@code label} is set
 * @param label the header name of the label column, or null to use {@code labelColumn}
 * @param features the header names of the feature columns, in the order wanted; empty for every
 *     column but the label, in file order
 * @param limit the most memory the feature and label values may take
 */
public record CsvOptions(boolean header, char delimiter, int labelColumn, @Nullable String label, List<String> features,
    SizeLimit limit) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code features} or {@code limit} is null, a name is null
   *     or repeated, columns are named without a header, or the delimiter is a quote, CR or LF
   */
  public CsvOptions {
    Checks.notNull(features, "features");
    Checks.notNull(limit, "limit");
    features = List.copyOf(features);
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
      throw new IllegalArgumentException("CsvOptions: the delimiter cannot be a quote or a line break, got "
          + (int) delimiter);
    }
    if (!header && (label != null || !features.isEmpty())) {
      throw new IllegalArgumentException("CsvOptions: columns chosen by name need a header line");
    }
    for (int i = 0; i < features.size(); i++) {
      if (features.indexOf(features.get(i)) != i || features.get(i).equals(label)) {
        throw new IllegalArgumentException("CsvOptions: column '" + features.get(i) + "' is chosen twice");
      }
    }
  }

  /** {@return no header, label in the last column, comma-separated, memory limited to the heap} */
  public static CsvOptions defaults() {
    return new CsvOptions(false, ',', -1, null, List.of(), SizeLimit.heap());
  }

  /**
   * {@return these options with or without a header line}
   *
   * @param header true if the first record names the columns
   * @throws IllegalArgumentException if {@code header} is false while columns are chosen by name
   */
  public CsvOptions withHeader(boolean header) {
    return new CsvOptions(header, delimiter, labelColumn, label, features, limit);
  }

  /**
   * {@return these options with the label in column {@code labelColumn} (by position)}
   *
   * @param labelColumn 0-based; negative counts from the end
   */
  public CsvOptions withLabelColumn(int labelColumn) {
    return new CsvOptions(header, delimiter, labelColumn, null, features, limit);
  }

  /**
   * {@return these options with the label in the column named {@code name} (implies a header)}
   *
   * @param name a header name
   * @throws IllegalArgumentException if {@code name} is null or also a feature
   */
  public CsvOptions withLabel(String name) {
    return new CsvOptions(true, delimiter, labelColumn, Checks.notNull(name, "label"), features, limit);
  }

  /**
   * {@return these options with the features taken from the columns named {@code names}, in that
   * order (implies a header); other columns are not read and may hold anything}
   *
   * @param names header names; none for every column but the label
   * @throws IllegalArgumentException if a name is null or repeated
   */
  public CsvOptions withFeatures(String... names) {
    Checks.notNull(names, "features");
    for (int i = 0; i < names.length; i++) {
      Checks.notNull(names[i], "feature " + i);
    }
    return new CsvOptions(header || names.length > 0, delimiter, labelColumn, label, List.of(names), limit);
  }

  /**
   * {@return these options with another delimiter}
   *
   * @param delimiter the cell separator
   * @throws IllegalArgumentException if it is a quote or a line break
   */
  public CsvOptions withDelimiter(char delimiter) {
    return new CsvOptions(header, delimiter, labelColumn, label, features, limit);
  }

  /**
   * {@return these options with another memory limit}
   *
   * @param limit the most memory the values (and the file's text) may take
   */
  public CsvOptions withLimit(SizeLimit limit) {
    return new CsvOptions(header, delimiter, labelColumn, label, features, limit);
  }
}
