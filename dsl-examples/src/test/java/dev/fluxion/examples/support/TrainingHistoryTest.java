package dev.fluxion.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.nn.train.EpochStats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The history a checkpoint carries: an exact round trip, and malformed text named. */
class TrainingHistoryTest {
  @Nested
  class Encoding {
    @Test
    void shouldRoundTripEveryFieldExactly() {
      List<EpochStats> epochs = List.of(
          new EpochStats(1, 0.1 + 0.2, 0.5, Double.NaN, Double.NaN, 1e-9, 1234.5, Double.NaN),
          new EpochStats(2, Math.PI, 1.0 / 3, 0.25, 0.75, 2.0, 1e300, 1e-3));
      assertEquals(epochs, TrainingHistory.decode(TrainingHistory.encode(epochs), Path.of("c.safetensors")));
    }

    @Test
    void shouldNameTheFileAndLineOfMalformedHistory() {
      var e = assertThrows(IllegalArgumentException.class,
          () -> TrainingHistory.decode("1,2,3,4,5,6,7,8\n2,x,3,4,5,6,7,8", Path.of("c.safetensors")));
      assertTrue(e.getMessage().contains("c.safetensors") && e.getMessage().contains("line 2"), e.getMessage());
    }
  }
}
