package dev.fluxion.nn.docs;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Csv;
import dev.fluxion.nn.data.CsvOptions;
import dev.fluxion.nn.data.DataFormatException;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.FitOptions;
import dev.fluxion.nn.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The generated blocks of the data-and-losses section of {@value NnGuidePage#PATH}. */
final class NnGuideDataPage {
  static final String SOURCE = "src/test/java/dev/fluxion/nn/docs/NnGuideDataPage.java";

  private NnGuideDataPage() {}

  /** Adds this section's blocks to {@code b}. */
  static void addTo(Map<String, String> b) {
    b.put("code-csv", DocBlocks.region(SOURCE, "csv"));
    b.put("csv", csv());
    b.put("code-labels", DocBlocks.region(SOURCE, "labels"));
    b.put("labels", labels());
  }

  private static String csv() {
    try {
      Path dir = Files.createTempDirectory("nn-guide");
      Path file = dir.resolve("points.csv");
      try {
        return csvIn(file);
      } finally {
        Files.deleteIfExists(file);
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String csvIn(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    // docs:start csv
    Files.writeString(file, """
        id,note,x1,x2,label
        1,"plain",0.5,1.5,0
        2,"a comma, ""quotes"" and
        a line break",2.5,-1,1
        """);
    CsvOptions options = CsvOptions.defaults().withFeatures("x1", "x2").withLabel("label");
    Dataset d = Csv.read(file, options);
    out.add(d + "; example 1: x " + d.get(1).x() + ", y " + d.get(1).y());
    Files.writeString(file, "x1,x2,label\n0.5,1.5,0\n\n4,x,1\n");
    try {
      Csv.read(file, options);
    } catch (DataFormatException e) {
      out.add(e.getMessage().substring(e.getMessage().indexOf("line")));   // after the file name
    }
    // docs:end csv
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String labels() {
    List<String> out = new ArrayList<>();
    // docs:start labels
    var model = Dense.of(1);                                  // one output unit: one class
    Dataset xor = Synthetic.xor();                            // labels 0 and 1
    try {
      Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.sgd(0.1))
          .fit(model.init(Key.of(1), Shape.of(2)), DataLoader.of(xor, 4), FitOptions.epochs(1).withQuiet(true));
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage());
    }
    try {
      DataLoader.of(xor.take(0), 4);
    } catch (IllegalArgumentException e) {
      out.add(e.getMessage());
    }
    // docs:end labels
    return DocBlocks.code(out.toArray(new String[0]));
  }
}
