package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.io.SizeLimit;
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

  private void fails(String text, CsvOptions o, long line, int column, String what) throws IOException {
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
      Dataset d = Csv.read(file("1,2,0\n3.5, -4 ,1\n\n"), CsvOptions.defaults());
      assertEquals(Tensor.matrix(new double[] {1, 2}, new double[] {3.5, -4}), d.features());
      assertEquals(Tensor.vector(0, 1), d.targets());
    }

    @Test
    void shouldHonourHeaderLabelColumnAndDelimiter() throws IOException {
      CsvOptions o = CsvOptions.defaults().withHeader(true).withLabelColumn(0).withDelimiter(';');
      Dataset d = Csv.read(file("label;a;b\n2;10;20\n1;30;40\n"), o);
      assertEquals(Tensor.vector(2, 1), d.targets());
      assertEquals(Tensor.vector(30, 40), d.get(1).x());
    }
  }

  @Nested
  class Errors {
    @Test
    void shouldNameLineAndColumnOfABadNumber() throws IOException {
      fails("1,2,0\n3,x4,1\n", CsvOptions.defaults(), 2, 2, "'x4' in column 2 is not a number");
      fails("h1,h2\n1,\n", CsvOptions.defaults().withHeader(true), 2, 2, "empty cell in column 'h2' (2)");
    }

    @Test
    void shouldNameLineOfARaggedRow() throws IOException {
      fails("1,2,0\n3,4\n", CsvOptions.defaults(), 2, 3, "missing cell in column 3: the line has 2 of 3 cells");
      fails("1,2,0\n3,4,5,6\n", CsvOptions.defaults(), 2, 4, "4 cells, but the first line has 3");
    }

    @Test
    void shouldRejectALabelColumnOutsideTheLineAndEmptyFiles() throws IOException {
      fails("1,2\n", CsvOptions.defaults().withLabelColumn(5), 1, 2, "label column 5");
      fails("a,b\n", CsvOptions.defaults().withHeader(true), 2, 1, "no data lines");
    }
  }

  @Nested
  class Quoting {
    @Test
    void shouldReadAPandasStyleQuotedFileWithDelimitersAndNewlinesInsideQuotes() throws IOException {
      Path p = file("""
          id,"note, free text",x1,"x2",label
          0,"plain",1.5,2,1
          1,"has ""quotes"", commas
          and a line break",3,"-4e0",0
          2,,5,6,1
          """);
      Dataset d = Csv.read(p, CsvOptions.defaults().withFeatures("x1", "x2").withLabel("label"));
      assertEquals(Tensor.matrix(new double[] {1.5, 2}, new double[] {3, -4}, new double[] {5, 6}), d.features());
      assertEquals(Tensor.vector(1, 0, 1), d.targets());
    }

    @Test
    void shouldReadASpreadsheetStyleFileWithCrlfAndAByteOrderMark() throws IOException {
      Path p = file("\uFEFFa;b;y\r\n1;2;0\r\n\r\n\"3\";4;1\r\n");
      Dataset d = Csv.read(p, CsvOptions.defaults().withDelimiter(';').withLabel("y"));
      assertEquals(Tensor.matrix(new double[] {1, 2}, new double[] {3, 4}), d.features());
      assertEquals(Tensor.vector(0, 1), d.targets());
      Dataset noHeader = Csv.read(file("\uFEFF1,2,0\r\n3,4,1\r\n"));
      assertEquals(Tensor.vector(1, 2), noHeader.get(0).x());
    }

    @Test
    void shouldTakeFeaturesInTheOrderNamed() throws IOException {
      Dataset d = Csv.read(file("a,b,c,y\n1,2,3,0\n"), CsvOptions.defaults().withFeatures("c", "a").withLabel("y"));
      assertEquals(Tensor.vector(3, 1), d.get(0).x());
    }
  }

  @Nested
  class NamedErrors {
    private final CsvOptions byName = CsvOptions.defaults().withFeatures("x1", "x2").withLabel("y");

    @Test
    void shouldNameTheLineAndColumnOfAMissingCell() throws IOException {
      fails("x1,x2,y\n1,2,0\n\n3,4\n", byName, 4, 3, "missing cell in column 'y' (3): the line has 2 of 3 cells");
    }

    @Test
    void shouldNameTheColumnOfANonNumericCellAndCountLinesInsideQuotes() throws IOException {
      fails("note,x1,x2,y\n\"two\nlines\",1,2,0\n\"ok\",x,2,1\n", byName, 4, 2,
          "'x' in column 'x1' (2) is not a number");
    }

    @Test
    void shouldNotShowAByteOrderMarkInMessages() throws IOException {
      Path p = file("\uFEFF'1',2,0\n");
      var e = assertThrows(DataFormatException.class, () -> Csv.read(p));
      assertTrue(e.getMessage().endsWith("line 1, column 1: ''1'' in column 1 is not a number"), e.getMessage());
    }

    @Test
    void shouldListTheHeaderForAnUnknownColumnName() throws IOException {
      fails("x1,x3,y\n1,2,0\n", byName, 1, 1, "no column named 'x2'; the header has 'x1', 'x3', 'y'");
    }

    @Test
    void shouldRejectAnAmbiguousName() throws IOException {
      fails("x1,x2,x1,y\n1,2,3,0\n", byName, 1, 3, "column name 'x1' is ambiguous");
    }

    @Test
    void shouldNameTheLineOfAnUnterminatedQuote() throws IOException {
      Path p = file("x1,x2,y\n1,2,0\n\"3,4,1\n");
      var e = assertThrows(DataFormatException.class, () -> Csv.read(p, byName));
      assertTrue(e.getMessage().contains("malformed CSV"), e.getMessage());
    }

    @Test
    void shouldRejectColumnNamesWithoutAHeader() {
      var e = assertThrows(IllegalArgumentException.class, () -> CsvOptions.defaults().withLabel("y").withHeader(false));
      assertEquals("CsvOptions: columns chosen by name need a header line", e.getMessage());
    }

    @Test
    void shouldRefuseValuesBeyondTheLimitBeforeReadingOn() throws IOException {
      StringBuilder sb = new StringBuilder("a,y\n");
      for (int i = 0; i < 100; i++) {
        sb.append(i).append(",0\n");
      }
      Path p = file(sb.toString());
      CsvOptions o = CsvOptions.defaults().withHeader(true);
      assertEquals(100, Csv.read(p, o.withLimit(SizeLimit.ofBytes(1 << 20))).size());
      var e = assertThrows(DataFormatException.class, () -> Csv.read(p, o.withLimit(SizeLimit.ofBytes(1000))));
      assertTrue(e.getMessage().contains("more than the read limit of 1000 bytes"), e.getMessage());
    }

    @Test
    void shouldNameTheByteOffsetOfTextThatIsNotUtf8() throws IOException {
      Path p = Files.write(dir.resolve("latin1.csv"), new byte[] {'1', ',', (byte) 0xE9, ',', '0', '\n'});
      var e = assertThrows(DataFormatException.class, () -> Csv.read(p));
      assertEquals(2, e.offset(), e.getMessage());
    }
  }
}
