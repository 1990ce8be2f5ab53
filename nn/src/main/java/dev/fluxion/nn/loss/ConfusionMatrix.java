package dev.fluxion.nn.loss;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.Arrays;
import java.util.Locale;

/**
 * A confusion matrix: {@code counts[i][j]} is the number of examples of true class {@code i}
 * (row) predicted as class {@code j} (column). Immutable: the array is copied in and out.
 *
 * @param counts a square {@code k × k} matrix of non-negative counts, {@code k >= 1}
 */
public record ConfusionMatrix(int[][] counts) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code counts} is null, empty, not square, or has a
   *     negative entry
   */
  public ConfusionMatrix {
    Checks.notNull(counts, "counts");
    int k = counts.length;
    if (k == 0) {
      throw new IllegalArgumentException("ConfusionMatrix: needs at least one class");
    }
    int[][] copy = new int[k][];
    for (int i = 0; i < k; i++) {
      int[] row = Checks.notNull(counts[i], "counts[" + i + "]");
      if (row.length != k) {
        throw new IllegalArgumentException("ConfusionMatrix: row " + i + " has " + row.length + " entries, expected "
            + k + " (the matrix must be square)");
      }
      for (int j = 0; j < k; j++) {
        if (row[j] < 0) {
          throw new IllegalArgumentException("ConfusionMatrix: negative count " + row[j] + " at (" + i + ", " + j
              + ")");
        }
      }
      copy[i] = row.clone();
    }
    counts = copy;
  }

  /** {@return A fresh copy of the counts, {@code [true class][predicted class]}} */
  @Override
  public int[][] counts() {
    int[][] out = new int[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i].clone();
    }
    return out;
  }

  /** {@return the number of classes {@code k}} */
  public int classes() {
    return counts.length;
  }

  /**
   * {@return the number of examples of true class {@code actual} predicted as {@code predicted}}
   *
   * @param actual a class in {@code [0, k)}
   * @param predicted a class in {@code [0, k)}
   * @throws IllegalArgumentException if a class is out of range
   */
  public int get(int actual, int predicted) {
    return counts[check(actual, "actual")][check(predicted, "predicted")];
  }

  /** {@return the number of examples, {@code Σ_ij C[i][j]}} */
  public int total() {
    int t = 0;
    for (int[] row : counts) {
      for (int c : row) {
        t += c;
      }
    }
    return t;
  }

  /** {@return the accuracy {@code Σ_i C[i][i] / Σ_ij C[i][j]} (NaN for no examples)} */
  public double accuracy() {
    int diagonal = 0;
    for (int i = 0; i < counts.length; i++) {
      diagonal += counts[i][i];
    }
    return (double) diagonal / total();
  }

  /**
   * {@return the precision of class {@code c}, {@code C[c][c] / Σ_i C[i][c]}: of the examples predicted as
   * {@code c}, the fraction that are {@code c}; NaN when {@code c} is never predicted}
   *
   * @param c a class in {@code [0, k)}
   * @throws IllegalArgumentException if {@code c} is out of range
   */
  public double precision(int c) {
    check(c, "class");
    int predicted = 0;
    for (int[] row : counts) {
      predicted += row[c];
    }
    return (double) counts[c][c] / predicted;
  }

  /**
   * {@return the recall of class {@code c}, {@code C[c][c] / Σ_j C[c][j]}: of the examples of class
   * {@code c}, the fraction predicted as {@code c}; NaN when {@code c} never occurs}
   *
   * @param c a class in {@code [0, k)}
   * @throws IllegalArgumentException if {@code c} is out of range
   */
  public double recall(int c) {
    check(c, "class");
    return (double) counts[c][c] / Arrays.stream(counts[c]).sum();
  }

  /** {@return Per-class precision, index = class (NaN for classes never predicted)} */
  public double[] precisions() {
    double[] p = new double[counts.length];
    Arrays.setAll(p, this::precision);
    return p;
  }

  /** {@return Per-class recall, index = class (NaN for classes that never occur)} */
  public double[] recalls() {
    double[] r = new double[counts.length];
    Arrays.setAll(r, this::recall);
    return r;
  }

  /** Equal when the counts are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix m && Arrays.deepEquals(counts, m.counts);
  }

  /** A hash of the counts. */
  @Override
  public int hashCode() {
    return Arrays.deepHashCode(counts);
  }

  /**
   * A table: one row per true class with its counts and recall, then a row of precisions
   * ({@code n/a} where undefined), e.g. for {@code {{2, 1}, {0, 3}}}:
   * <pre>
   * true\pred     0     1 recall
   *         0     2     1  0.667
   *         1     0     3  1.000
   * precision 1.000 0.750
   * </pre>
   */
  @Override
  public String toString() {
    int w = 6;
    for (int[] row : counts) {
      for (int c : row) {
        w = Math.max(w, String.valueOf(c).length() + 1);
      }
    }
    String cell = "%" + w + "s";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%9s", "true\\pred"));
    for (int j = 0; j < counts.length; j++) {
      sb.append(String.format(Locale.ROOT, cell, j));
    }
    sb.append(" recall\n");
    for (int i = 0; i < counts.length; i++) {
      sb.append(String.format(Locale.ROOT, "%9d", i));
      for (int c : counts[i]) {
        sb.append(String.format(Locale.ROOT, cell, c));
      }
      sb.append(String.format(Locale.ROOT, "%7s", fixed(recall(i)))).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%-9s", "precision"));
    for (int j = 0; j < counts.length; j++) {
      sb.append(String.format(Locale.ROOT, cell, fixed(precision(j))));
    }
    return sb.toString();
  }

  private static String fixed(double x) {
    return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.3f", x);
  }

  private int check(int c, String name) {
    if (c < 0 || c >= counts.length) {
      throw new IllegalArgumentException("ConfusionMatrix: " + name + " " + c + " is outside [0, " + counts.length
          + ")");
    }
    return c;
  }
}
