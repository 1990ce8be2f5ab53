package dev.fluxion.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Csv;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.tree.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same examples from Parquet, CSV (read by Spark, and by nn on the driver) and text train to the same bits. */
class SparkDataTest {
  static JavaSparkContext sc;
  static SparkSession spark;
  static final Dataset DATA = Synthetic.blobs(48, 3, 1.5, Key.of(4));

  @BeforeAll
  static void start() {
    sc = SharedSpark.get();
    spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
  }

  private static List<Object> fit(SparkExamples examples) {
    List<Object> params = Mlp.of(Activation.relu(), 16, 3).init(Key.of(1), Shape.of(2));
    return SparkTrainer.of(sc, SparkTrainerTest.mlp()).withWorkers(2).withBatchSize(8)
        .fit(params, examples, FitOptions.epochs(2).withQuiet(true)).params();
  }

  @Test
  void parquetCsvTextAndTheDriversDatasetShouldTrainAlike(@TempDir Path dir) throws Exception {
    double[] x = DATA.features().toArray();
    double[] y = DATA.targets().toArray();
    List<Row> rows = new ArrayList<>();
    StringBuilder csv = new StringBuilder("a,b,label\n");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < DATA.size(); i++) {
      rows.add(RowFactory.create(List.of(x[2 * i], x[2 * i + 1]), (int) y[i]));
      csv.append(x[2 * i]).append(',').append(x[2 * i + 1]).append(',').append((int) y[i]).append('\n');
      text.append((int) y[i]).append(' ').append(x[2 * i]).append(' ').append(x[2 * i + 1]).append('\n');
    }
    StructType schema = new StructType()
        .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.IntegerType);
    String parquet = dir.resolve("data.parquet").toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet);
    Path csvFile = dir.resolve("data.csv");
    Files.writeString(csvFile, csv);
    Path textFile = dir.resolve("data.txt");
    Files.writeString(textFile, text);

    List<Object> reference = fit(SparkExamples.fromDataset(sc, DATA, 2));
    var fromParquet = SparkExamples.fromArrayColumn(spark.read().parquet(parquet), "pixels", Shape.of(2), "label");
    assertEquals(Trees.tensors(reference), Trees.tensors(fit(fromParquet)), "parquet");
    var fromCsv = SparkExamples.fromColumns(spark.read().option("header", true).option("inferSchema", true)
        .csv(csvFile.toString()), "label", "a", "b");
    assertEquals(Trees.tensors(reference), Trees.tensors(fit(fromCsv)), "csv through Spark");
    var fromNnCsv = SparkExamples.fromDataset(sc, Csv.read(csvFile, dev.fluxion.nn.data.CsvOptions.defaults()
        .withLabel("label")), 2);
    assertEquals(Trees.tensors(reference), Trees.tensors(fit(fromNnCsv)), "csv through nn");
    var fromText = SparkExamples.of(sc.textFile(textFile.toString(), 2).map(line -> {
      String[] f = line.split(" ");
      return Sample.labelled(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])}, Integer.parseInt(f[0]));
    }), Shape.of(2), Shape.scalar());
    assertEquals(Trees.tensors(reference), Trees.tensors(fit(fromText)), "text");
  }

  @Test
  void aMissingColumnOrABadLabelShouldBeNamed(@TempDir Path dir) throws Exception {
    Path csvFile = dir.resolve("bad.csv");
    Files.writeString(csvFile, "a,b,label\n1,2,0\n3,4,1.5\n5,6,1\n7,8,0\n");
    var table = spark.read().option("header", true).option("inferSchema", true).csv(csvFile.toString());
    var e = assertThrows(IllegalArgumentException.class, () -> SparkExamples.fromColumns(table, "class", "a", "b"));
    assertTrue(e.getMessage().contains("no column 'class' in [a, b, label]"), e.getMessage());
    var bad = SparkExamples.fromColumns(table, "label", "a", "b");
    List<Object> params = Mlp.of(Activation.relu(), 16, 3).init(Key.of(1), Shape.of(2));
    var e2 = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.of(sc, SparkTrainerTest.mlp())
        .withWorkers(2).withBatchSize(2).fit(params, bad, FitOptions.defaults().withQuiet(true)));
    assertTrue(e2.getMessage().contains("label column label holds 1.5, not a class"), e2.getMessage());
  }
}
