package dev.fluxion.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request body reader: a flat object of strings, nothing else. */
class JsonBodyTest {
  private static final Set<String> NAMES = Set.of("formula", "point");

  @Test
  void shouldReadStringsWithEscapes() {
    assertEquals(Map.of("formula", "a\"b\\c/\n\té", "point", ""),
        JsonBody.parse(" { \"formula\" : \"a\\\"b\\\\c\\/\\n\\t\\u00e9\" , \"point\":\"\" } ", NAMES));
    assertEquals(Map.of(), JsonBody.parse("{}", NAMES));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"formula\": 2}                       | expected a string                            | 12",
      "{\"formula\": \"x\"                    | expected '}'                                 | 15",
      "{\"formula\": \"x\\q\"}                 | bad escape \\q                               | 15",
      "{\"formula\": \"x\\u12\"}               | bad \\u escape                               | 15",
      "{\"formula\": \"x}                     | unterminated string                          | 15",
      "{\"other\": \"x\"}                       | unknown member \"other\" (expected formula, point) | 1",
      "{\"point\": \"1\", \"point\": \"2\"}       | member \"point\" appears twice                | 15",
      "{} {}                                  | unexpected text after the object             | 3",
  })
  void shouldSayWhatIsWrongAndWhere(String body, String reason, int offset) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonBody.parse(body, NAMES));
    assertEquals("request body is not the expected JSON object: " + reason + " at character " + offset, e.getMessage());
  }
}
