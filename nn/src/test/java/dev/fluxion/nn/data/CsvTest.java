package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir
  Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("data.csv"), text);
  }

  private void fails(String text, Csv.Options o, long line, int column, String what) throws IOException {
    Path p = file(text);
    var e = assertThrows(DataFormatException.class, () -> Csv.read(p, o));
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(column, e.column(), e.getMessage());
    assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(what), e.getMessage());
  }

  @Nested
  class Reading {
    @Test
    void shouldReadFeaturesAndTheLastColumnAsLabel() throws IOException {
      Dataset d = Csv.read(file("1,2,0\n3.5, -4 ,1\n\n"), Csv.Options.defaults());
      assertEquals(Tensor.matrix(new double[] {1, 2}, new double[] {3.5, -4}), d.features());
      assertEquals(Tensor.vector(0, 1), d.targets());
    }

    @Test
    void shouldHonourHeaderLabelColumnAndDelimiter() throws IOException {
      Csv.Options o = Csv.Options.defaults().withHeader(true).withLabelColumn(0).withDelimiter(';');
      Dataset d = Csv.read(file("label;a;b\n2;10;20\n1;30;40\n"), o);
      assertEquals(Tensor.vector(2, 1), d.targets());
      assertEquals(Tensor.vector(30, 40), d.get(1).x());
    }
  }

  @Nested
  class Errors {
    @Test
    void shouldNameLineAndColumnOfABadNumber() throws IOException {
      fails("1,2,0\n3,x4,1\n", Csv.Options.defaults(), 2, 2, "'x4' is not a number");
      fails("h1,h2\n1,\n", Csv.Options.defaults().withHeader(true), 2, 2, "empty cell");
    }

    @Test
    void shouldNameLineOfARaggedRow() throws IOException {
      fails("1,2,0\n3,4\n", Csv.Options.defaults(), 2, 3, "2 columns");
      fails("1,2,0\n3,4,5,6\n", Csv.Options.defaults(), 2, 4, "4 columns");
    }

    @Test
    void shouldRejectALabelColumnOutsideTheLineAndEmptyFiles() throws IOException {
      fails("1,2\n", Csv.Options.defaults().withLabelColumn(5), 1, 2, "label column 5");
      fails("a,b\n", Csv.Options.defaults().withHeader(true), 2, 1, "no data lines");
    }
  }
}
