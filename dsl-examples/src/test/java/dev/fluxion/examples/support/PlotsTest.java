package dev.fluxion.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.nn.train.EpochStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.None;

/** Line charts a person can read: a lone point is marked and framed, long series are plain lines. */
class PlotsTest {
  @Nested
  class Lines {
    @Test
    void shouldMarkAndFrameASinglePoint() {
      XYChart c = Plots.lines("t", "epoch", "loss", new double[] {1}, Map.of("loss", new double[] {0.7}));
      assertFalse(c.getSeriesMap().get("loss").getMarker() instanceof None, "a lone point needs a marker");
      assertEquals(0.0, c.getStyler().getXAxisMin());
      assertEquals(2.0, c.getStyler().getXAxisMax());
      assertTrue(c.getStyler().getYAxisMin() > 0 && c.getStyler().getYAxisMin() < 0.7, "positive, for log axes");
      assertTrue(c.getStyler().getYAxisMax() > 0.7);
    }

    @Test
    void shouldDrawLongSeriesWithoutMarkers() {
      double[] x = new double[Plots.MARKED_POINTS + 1];
      XYChart c = Plots.lines("t", "epoch", "loss", x, Map.of("loss", x));
      assertTrue(c.getSeriesMap().get("loss").getMarker() instanceof None);
    }
  }

  @Nested
  class TrainingCurves {
    @Test
    void shouldDrawEveryEpochAndLeaveOutUnknownAccuracy() {
      List<EpochStats> epochs = List.of(new EpochStats(1, 0.9, Double.NaN, 1, 0.5, 1, 1, 0.1),
          new EpochStats(2, 0.4, Double.NaN, 1, 0.5, 1, 1, 0.1));
      XYChart c = Plots.trainingCurves("t", epochs);
      assertEquals(List.of("training loss"), List.copyOf(c.getSeriesMap().keySet()));
      assertEquals(2, c.getSeriesMap().get("training loss").getXData().length);
      assertThrows(IllegalArgumentException.class, () -> Plots.trainingCurves("t", List.of()));
    }
  }
}
