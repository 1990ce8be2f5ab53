package dev.fluxion.playground.network;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The network lab's model: it learns the 2-D datasets, draws what it learned, and checks its limits. */
class NetworkSessionTest {
  @Test
  void theDefaultSpiralsShouldBeLearnedAndDrawn() {
    var session = new NetworkSession(NetworkSpec.defaults());
    var start = session.snapshot();
    assertEquals(0, start.step());
    assertTrue(start.accuracy() < 0.8, "untrained: " + start.accuracy());
    var end = session.advance(1000);
    assertEquals(1000, end.step());
    assertTrue(end.accuracy() >= 0.95, "trained: " + end.accuracy());
    assertTrue(end.loss() < start.loss());
    assertEquals(NetworkSession.GRID * NetworkSession.GRID, end.probabilities().length);
    assertEquals(2 * 300, end.points().length);
    assertEquals(3, end.layers().size());
    var first = end.layers().get(0);
    assertEquals(2, first.in());
    assertEquals(16, first.out());
    assertEquals(32, first.w().length);
    assertEquals(32, first.dw().length);
    assertEquals(2 * NetworkSession.CURVE_POINTS, end.curve().length);
    assertEquals(1000, end.curve()[end.curve().length - 2]);
  }

  @Test
  void theSameSeedShouldGiveTheSameBitsAndTheRunShouldStopAtItsLength() {
    var spec = new NetworkSpec("moons", 100, 0.2, List.of(4), "relu", "momentum", 0.1, "cosine", 50, 10, 7);
    var a = new NetworkSession(spec).advance(80);
    var b = new NetworkSession(spec).advance(30);
    assertEquals(50, a.step());
    assertTrue(a.done());
    assertFalse(b.done());
    var c = new NetworkSession(spec);
    c.advance(30);
    assertArrayEquals(c.advance(20).probabilities(), a.probabilities());
  }

  @Test
  void specsOutsideTheLimitsShouldNameTheField() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new NetworkSpec("spirals", 5000, 0.1, List.of(8), "tanh", "adam", 0.01, "constant", 100, 32, 0));
    assertEquals("points = 5000 is outside 20 to 1000", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new NetworkSpec("spirals", 100, 0.1, List.of(8, 64), "tanh", "adam", 0.01, "constant", 100, 32, 0));
    assertTrue(e.getMessage().startsWith("hidden = [8, 64] is outside widths 1 to 32"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new NetworkSpec("mnist", 100, 0.1, List.of(8), "tanh", "adam", 0.01, "constant", 100, 32, 0));
    assertTrue(e.getMessage().startsWith("dataset = mnist"), e.getMessage());
  }

  @Test
  void thePagesTextShouldParseWithTheFieldNamedOnAMistake() {
    var spec = NetworkSpec.parse(java.util.Map.of("dataset", "xor", "hidden", " 8, 4 ", "learningRate", "1e-2",
        "seed", "-3"));
    assertEquals(List.of(8, 4), spec.hidden());
    assertEquals(0.01, spec.learningRate());
    assertEquals(-3, spec.seed());
    assertEquals(NetworkSpec.defaults().points(), spec.points(), "a missing field keeps its default");
    assertEquals(List.of(), NetworkSpec.parse(java.util.Map.of("hidden", "")).hidden());
    var e = assertThrows(InvalidSpecException.class, () -> NetworkSpec.parse(java.util.Map.of("noise", "0x1p-3")));
    assertEquals("noise", e.field());
    e = assertThrows(InvalidSpecException.class, () -> NetworkSpec.parse(java.util.Map.of("noise", "NaN")));
    assertEquals("noise", e.field());
    e = assertThrows(InvalidSpecException.class, () -> NetworkSpec.parse(java.util.Map.of("hidden", "16,,16")));
    assertEquals("hidden", e.field());
  }
}
