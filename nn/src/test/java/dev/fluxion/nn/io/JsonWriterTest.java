package dev.fluxion.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private static Json.Value parse(String json) throws Json.ParseException {
    return Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Nested
  class Layout {
    @Test
    void shouldWriteCompactAndSpacedNesting() {
      assertEquals("{\"a\":[1,2.5,\"s\",true,null],\"b\":{}}", JsonWriter.compact().beginObject().name("a").beginArray()
          .value(1).value(2.5).value("s").value(true).nullValue().endArray().name("b").beginObject().endObject()
          .endObject().toJson());
      assertEquals("{\"a\": [1, 2.5], \"b\": []}", JsonWriter.spaced().beginObject().name("a").beginArray().value(1)
          .value(2.5).endArray().name("b").beginArray().endArray().endObject().toJson());
    }

    @Test
    void shouldWriteTopLevelScalarsAndArrays() {
      assertEquals("\"x\"", JsonWriter.compact().value("x").toJson());
      assertEquals("[0.5, -3.0]", JsonWriter.spaced().array(0.5, -3.0).toJson());
      assertEquals("[2,3]", JsonWriter.compact().array(2L, 3L).toJson());
    }

    @Test
    void shouldNestDeeperThanTheInitialStack() throws Json.ParseException {
      JsonWriter w = JsonWriter.compact();
      for (int i = 0; i < 20; i++) {
        w.beginArray();
      }
      for (int i = 0; i < 20; i++) {
        w.endArray();
      }
      assertInstanceOf(Json.Arr.class, parse(w.toJson()));
    }
  }

  @Nested
  class Strings {
    @Test
    void shouldEscapeLikeSerdeJson() {
      assertEquals("\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001fé😀\"",
          JsonWriter.compact().value("q\"b\\s/\b\f\n\r\t\u0001\u001fé😀").toJson());
    }

    @Test
    void shouldRoundTripEveryBmpCharacterThroughTheParser() throws Json.ParseException {
      Random random = new Random(7);
      for (int round = 0; round < 200; round++) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
          char c = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xd800));
          sb.append(c);
        }
        String s = sb.toString();
        String json = JsonWriter.spaced().beginObject().name(s).value(s).endObject().toJson();
        Json.Obj o = (Json.Obj) parse(json);
        assertEquals(List.of(s), List.copyOf(o.members().keySet()), json);
        assertEquals(s, ((Json.Str) o.members().get(s)).value(), json);
      }
    }
  }

  @Nested
  class Numbers {
    @Test
    void shouldWriteFiniteDoublesThatReadBackExactly() throws Json.ParseException {
      Random random = new Random(11);
      for (int i = 0; i < 500; i++) {
        double v = switch (i % 3) {
          case 0 -> Double.longBitsToDouble(random.nextLong());
          case 1 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
          default -> random.nextInt(1000) - 500;
        };
        if (!Double.isFinite(v)) {
          continue;
        }
        String text = JsonWriter.compact().value(v).toJson();
        Json.Num n = (Json.Num) parse(text);
        assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(n.text())), text);
      }
    }

    @Test
    void shouldWriteNonFiniteDoublesAsStrings() throws Json.ParseException {
      String json = JsonWriter.compact().array(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).toJson();
      assertEquals("[\"NaN\",\"Infinity\",\"-Infinity\"]", json);
      assertInstanceOf(Json.Arr.class, parse(json));
    }

    @Test
    void shouldWriteLongsAsDigits() {
      assertEquals("[-9223372036854775808,0,9223372036854775807]",
          JsonWriter.compact().array(Long.MIN_VALUE, 0L, Long.MAX_VALUE).toJson());
    }
  }

  @Nested
  class Misuse {
    @Test
    void shouldRejectAValueWithoutANameInAnObject() {
      JsonWriter w = JsonWriter.compact().beginObject();
      assertTrue(assertThrows(IllegalStateException.class, () -> w.value(1)).getMessage().contains("needs a name"));
    }

    @Test
    void shouldRejectANameOutsideAnObjectOrTwoNamesInARow() {
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginArray().name("a"));
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().name("a"));
      assertTrue(assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().name("a").name("b"))
          .getMessage().contains("previous name has no value"));
    }

    @Test
    void shouldRejectUnbalancedEnds() {
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().endArray());
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginArray().endObject());
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().endArray());
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().name("a").endObject());
    }

    @Test
    void shouldRejectASecondTopLevelValueAndAnIncompleteDocument() {
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().value(1).value(2));
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().toJson());
      assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().toJson());
    }

    @Test
    void shouldRejectNullStringsWithAnIllegalArgument() {
      assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact().value((String) null));
      assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact().beginObject().name(null));
      assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact().array((double[]) null));
    }
  }
}
