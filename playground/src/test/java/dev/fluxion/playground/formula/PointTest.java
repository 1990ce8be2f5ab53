package dev.fluxion.playground.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.Bindings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The point text: the CLI's {@code --at} syntax, errors at the character they concern. */
class PointTest {
  private static final List<String> NAMES = List.of("x1", "x2");

  @Test
  void shouldReadPairsWithOrWithoutSpaces() {
    Bindings b = Point.parse(" x2 = -5e-1 ,x1=.25", NAMES);
    assertEquals(0.25, b.get("x1").item());
    assertEquals(-0.5, b.get("x2").item());
    assertEquals(Point.parse("x1=2,x2=5", NAMES), Point.parse("x1=2, x2=5", NAMES));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "x1=2, x2=         | 9  | not a number",
      "x1=2, x2=NaN      | 9  | not a number",
      "x1=2, x2=1e999    | 9  | too large",
      "x1=2, x2=0x10     | 9  | not a number",
      "x1=2; x2=3        | 3  | not a number",
      "x1=2, =3          | 6  | name is missing",
      "x1=2, x2          | 6  | expected NAME=VALUE",
      "x1=2, x2=3,       | 11 | expected NAME=VALUE",
      "x1=2, y=3, x2=1   | 6  | unknown variable y",
      "x2=1              | 4  | no value for x1",
  })
  void shouldPointAtTheMistake(String text, int position, String message) {
    LabException e = assertThrows(LabException.class, () -> Point.parse(text, NAMES));
    assertEquals(LabException.Field.POINT, e.field());
    assertEquals(position, e.position().orElseThrow(), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
