package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.Checks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts with XChart, written atomically (a temporary file, then a rename). */
public final class Plots {
  private Plots() {}

  /**
   * A line chart of named series over a shared x axis, e.g. loss per epoch.
   *
   * @param series name → y values; each the length of {@code x}
   */
  public static XYChart lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
    Checks.notNull(series, "series");
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setMarkerSize(4);
    series.forEach((name, y) -> chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE));
    return chart;
  }

  /**
   * Writes {@code chart} as {@code dir/name.png} atomically, creating {@code dir}.
   *
   * @return the file written
   * @throws IOException if writing fails
   */
  public static Path save(Chart<?, ?> chart, Path dir, String name) throws IOException {
    Checks.notNull(chart, "chart");
    Files.createDirectories(Checks.notNull(dir, "dir"));
    Path target = dir.resolve(Checks.notNull(name, "name") + ".png").toAbsolutePath();
    Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
    try {
      Path base = Path.of(tmp.toString().substring(0, tmp.toString().length() - 4));
      BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
      Path written = Path.of(base + ".png");
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
