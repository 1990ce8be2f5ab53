package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.io.SizeLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
  /** Where Debian's {@code dataset-fashion-mnist} installs the files; {@code -Dfluxion.fashionMnist=DIR} overrides. */
  static final Path FASHION = Path.of(System.getProperty("fluxion.fashionMnist", "/usr/share/datasets/fashion-mnist"));

  @TempDir
  Path dir;

  private void writeSet(String prefix, int n, boolean gz) {
    double[] px = new double[n * 4];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      px[4 * i] = 255;
      px[4 * i + 1] = i;
      y[i] = i % 10;
    }
    String ext = gz ? ".gz" : "";
    Idx.write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), Tensor.of(px, n, 2, 2), Idx.DataType.UNSIGNED_BYTE, gz);
    Idx.write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), Tensor.of(y, n), Idx.DataType.UNSIGNED_BYTE, gz);
  }

  @Nested
  class SmallFiles {
    @Test
    void shouldLoadPlainAndGzippedFilesScaledToUnitRange() {
      writeSet("train", 12, true);
      writeSet("t10k", 3, false);
      Mnist.Data data = Mnist.load(dir);
      assertEquals(12, data.train().size());
      assertEquals(3, data.test().size());
      assertEquals(Shape.of(2, 2), data.train().featureShape());
      assertEquals(Tensor.of(new double[] {1, 5 / 255.0, 0, 0}, 2, 2), data.train().get(5).x());
      assertEquals(Tensor.scalar(1), data.train().get(11).y());
    }

    @Test
    void shouldCountFloat32DataAtFourBytesAnElementAgainstTheLimit() {
      writeSet("train", 100, false);
      writeSet("t10k", 3, false);
      // 400 image bytes + 400 decoded elements: 3,600 bytes as float64, 2,000 as float32
      SizeLimit limit = SizeLimit.ofBytes(3000);
      assertEquals(100, Mnist.load(dir, limit, DType.FLOAT32).train().size());
      var e = assertThrows(DataFormatException.class, () -> Mnist.load(dir, limit, DType.FLOAT64));
      assertTrue(e.getMessage().contains("decoded at 8 bytes each"), e.getMessage());
    }

    @Test
    void shouldLoadFloat32DataAsTheFloat64DataRoundedOnce() {
      writeSet("train", 12, true);
      writeSet("t10k", 3, false);
      Mnist.Data wide = Mnist.load(dir);
      Mnist.Data narrow = Mnist.load(dir, SizeLimit.heap(), DType.FLOAT32);
      assertEquals(DType.FLOAT32, narrow.train().dtype());
      assertEquals(DType.FLOAT32, narrow.test().targets().dtype());
      assertEquals(wide.train().features().cast(DType.FLOAT32), narrow.train().features());
      assertEquals(wide.train().targets().cast(DType.FLOAT32), narrow.train().targets());
      assertEquals(wide.train().cast(DType.FLOAT32).batch(new int[] {5, 2}), narrow.train().batch(new int[] {5, 2}));
      assertEquals(wide.train().cast(DType.FLOAT32).cast(DType.FLOAT64).features(),
          narrow.train().cast(DType.FLOAT64).features());
      assertEquals(wide.train().take(4).concat(wide.train().take(2)).cast(DType.FLOAT32).features(),
          narrow.train().take(4).concat(narrow.train().take(2)).features());
    }

    @Test
    void shouldNameTheMissingFile() {
      writeSet("train", 2, false);
      var e = assertThrows(UncheckedIOException.class, () -> Mnist.load(dir));
      assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void shouldRejectImagesOfTheWrongDtype() {
      writeSet("train", 2, false);
      Path images = dir.resolve("train-images-idx3-ubyte");
      Idx.write(images, Tensor.zeros(2, 2, 2), Idx.DataType.INT, false);
      var e = assertThrows(DataFormatException.class, () -> Mnist.load(dir, "train"));
      assertEquals(2, e.offset());
      assertEquals(images, e.file());
      assertTrue(e.getMessage().contains("UNSIGNED_BYTE"), e.getMessage());
    }

    @Test
    void shouldRejectOutOfRangeLabelsAndCountMismatches() throws IOException {
      writeSet("train", 3, false);
      Path labels = dir.resolve("train-labels-idx1-ubyte");
      byte[] bytes = Files.readAllBytes(labels);
      bytes[8 + 2] = 10;
      Files.write(labels, bytes);
      var e = assertThrows(DataFormatException.class, () -> Mnist.load(dir, "train"));
      assertEquals(10, e.offset(), e.getMessage());
      Idx.write(labels, Tensor.zeros(2), Idx.DataType.UNSIGNED_BYTE, false);
      assertThrows(DataFormatException.class, () -> Mnist.load(dir, "train"));
    }
  }

  @Test
  void shouldLoadTheRealFashionMnist() {
    assumeTrue(Files.isDirectory(FASHION), "SKIPPED: Fashion-MNIST is not installed at " + FASHION
        + " (apt-get install dataset-fashion-mnist)");
    Mnist.Data data = Mnist.load(FASHION);
    assertEquals(60_000, data.train().size());
    assertEquals(10_000, data.test().size());
    assertEquals(Shape.of(28, 28), data.train().featureShape());
    Tensor x = data.test().features();
    assertEquals(0.0, x.min().item());
    assertEquals(1.0, x.max().item());
    double[] counts = new double[10];
    for (double y : data.train().targets().toArray()) {
      counts[(int) y]++;
    }
    for (double c : counts) {
      assertEquals(6000, c);
    }
  }
}
