package dev.fluxion.spark;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import scala.collection.immutable.Seq;

/**
 * Training data on Spark: an RDD of {@link Sample}s and the shapes of one example's features and
 * target. Built from any RDD, from an {@code nn} {@link Dataset} read on the driver (IDX, CSV, text
 * through {@code nn.data}), or from a Spark SQL {@code Dataset<Row>} read by the executors
 * ({@code spark.read().parquet(...)}, {@code .csv(...)}).
 *
 * <p>The RDD must list the same examples in the same order every time it is computed (files and
 * parallelized collections do); the run numbers examples by that order, so a recomputed partition
 * after a lost executor holds the same examples.
 */
public final class SparkExamples {
  private final JavaRDD<Sample> samples;
  private final Shape xShape;
  private final Shape yShape;

  private SparkExamples(JavaRDD<Sample> samples, Shape xShape, Shape yShape) {
    this.samples = Checks.notNull(samples, "samples");
    this.xShape = Checks.notNull(xShape, "xShape");
    this.yShape = Checks.notNull(yShape, "yShape");
  }

  /**
   * {@return examples of features {@code xShape} and targets {@code yShape} ({@code []} for class labels)}
   *
   * @param samples the examples, in a deterministic order
   * @param xShape one example's feature shape
   * @param yShape one example's target shape
   * @throws IllegalArgumentException if an argument is null
   */
  public static SparkExamples of(JavaRDD<Sample> samples, Shape xShape, Shape yShape) {
    return new SparkExamples(samples, xShape, yShape);
  }

  /**
   * {@return an {@code nn} dataset (e.g. from {@code Mnist.load}, {@code Csv.read}) distributed
   * from the driver in {@code partitions} slices}
   *
   * @param sc the Spark context
   * @param data at least one example
   * @param partitions {@code >= 1}
   * @throws IllegalArgumentException if an argument is null or {@code partitions < 1}
   */
  public static SparkExamples fromDataset(JavaSparkContext sc, Dataset data, int partitions) {
    Checks.notNull(sc, "sc");
    Checks.notNull(data, "data");
    if (partitions < 1) {
      throw new IllegalArgumentException("fromDataset: partitions must be >= 1, got " + partitions);
    }
    double[] x = data.features().toArray();
    double[] y = data.targets().toArray();
    int dx = data.featureShape().size();
    int dy = data.targetShape().size();
    List<Sample> list = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      list.add(Sample.of(java.util.Arrays.copyOfRange(x, i * dx, (i + 1) * dx),
          java.util.Arrays.copyOfRange(y, i * dy, (i + 1) * dy)));
    }
    return new SparkExamples(sc.parallelize(list, partitions), data.featureShape(), data.targetShape());
  }

  /**
   * {@return labelled examples from numeric columns of a table (a CSV or Parquet file read by Spark)}
   *
   * @param table a table with the label and feature columns
   * @param label the column of class labels: integers {@code >= 0}
   * @param features the numeric feature columns, in order (the feature shape is {@code [features.length]})
   * @throws IllegalArgumentException if a column is missing (naming the table's columns); when the
   *     run reads the rows, a null, non-numeric or negative/fractional label, naming the column and row
   */
  public static SparkExamples fromColumns(org.apache.spark.sql.Dataset<Row> table, String label, String... features) {
    Checks.notNull(table, "table");
    if (features.length == 0) {
      throw new IllegalArgumentException("fromColumns: no feature columns");
    }
    int labelAt = column(table, label);
    int[] at = new int[features.length];
    for (int i = 0; i < features.length; i++) {
      at[i] = column(table, features[i]);
    }
    String[] names = features.clone();
    JavaRDD<Sample> samples = table.javaRDD().map(row -> {
      double[] x = new double[at.length];
      for (int i = 0; i < at.length; i++) {
        x[i] = number(row, at[i], names[i]);
      }
      return Sample.of(x, labelOf(row, labelAt, label));
    });
    return new SparkExamples(samples, Shape.of(features.length), Shape.scalar());
  }

  /**
   * {@return labelled examples whose features are one array column (e.g. images in Parquet), reshaped
   * to {@code xShape}}
   *
   * @param table a table with the label and feature columns
   * @param features an array column of numbers, each of {@code xShape.size()} elements
   * @param xShape one example's feature shape
   * @param label the column of class labels: integers {@code >= 0}
   * @throws IllegalArgumentException if a column is missing; when the run reads the rows, an array
   *     of another length or a bad label, naming the row
   */
  public static SparkExamples fromArrayColumn(org.apache.spark.sql.Dataset<Row> table, String features, Shape xShape,
      String label) {
    Checks.notNull(table, "table");
    Checks.notNull(xShape, "xShape");
    int xAt = column(table, features);
    int labelAt = column(table, label);
    int size = xShape.size();
    String shape = xShape.toString();
    JavaRDD<Sample> samples = table.javaRDD().map(row -> {
      if (row.isNullAt(xAt)) {
        throw new IllegalArgumentException("column " + features + " is null in row " + row);
      }
      Seq<Object> seq = row.getSeq(xAt);
      if (seq.size() != size) {
        throw new IllegalArgumentException("column " + features + " holds " + seq.size() + " values, the feature"
            + " shape " + shape + " needs " + size);
      }
      double[] x = new double[size];
      for (int i = 0; i < size; i++) {
        if (!(seq.apply(i) instanceof Number v)) {
          throw new IllegalArgumentException("column " + features + " holds a non-number " + seq.apply(i));
        }
        x[i] = v.doubleValue();
      }
      return Sample.of(x, labelOf(row, labelAt, label));
    });
    return new SparkExamples(samples, xShape, Shape.scalar());
  }

  private static int column(org.apache.spark.sql.Dataset<Row> table, String name) {
    Checks.notNull(name, "column");
    String[] columns = table.columns();
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column '" + name + "' in " + java.util.Arrays.toString(columns));
  }

  private static double number(Row row, int at, String name) {
    Object v = row.isNullAt(at) ? null : row.get(at);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("column " + name + " holds '" + s + "', not a number, in row " + row, e);
      }
    }
    throw new IllegalArgumentException("column " + name + " holds " + v + ", not a number, in row " + row);
  }

  private static double labelOf(Row row, int at, String name) {
    double v = number(row, at, name);
    if (!(v >= 0) || v != Math.rint(v)) {
      throw new IllegalArgumentException("label column " + name + " holds " + v + ", not a class (an integer >= 0),"
          + " in row " + row);
    }
    return v;
  }

  /** {@return the examples} */
  public JavaRDD<Sample> samples() {
    return samples;
  }

  /** {@return one example's feature shape} */
  public Shape featureShape() {
    return xShape;
  }

  /** {@return one example's target shape ({@code []} for class labels)} */
  public Shape targetShape() {
    return yShape;
  }

  @Override
  public String toString() {
    return "SparkExamples[x=" + xShape + ", y=" + yShape + ", partitions=" + samples.getNumPartitions() + "]";
  }
}
