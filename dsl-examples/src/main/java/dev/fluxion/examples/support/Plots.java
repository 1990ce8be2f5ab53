package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.train.EpochStats;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts with XChart, written atomically (a new file, then a rename; see {@link OutputFiles}). */
public final class Plots {
  /** Class colors (matplotlib's tab10): points in the full color, regions in a light tint of it. */
  private static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
    new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
    new Color(188, 189, 34), new Color(23, 190, 207),
  };

  /** The side of the square plot area of {@link #decisionRegions}, in pixels (roughly; cells overlap a little). */
  private static final int REGION_PLOT_PIXELS = 640;

  /** Series of at most this many points are drawn with markers. */
  static final int MARKED_POINTS = 40;

  private Plots() {}

  /**
   * Points of the plane with class labels in {@code [0, classes)}.
   *
   * @param x the abscissas, one per point
   * @param y the ordinates, as many as {@code x}
   * @param labels the classes, as many as {@code x}
   */
  public record LabeledPoints(double[] x, double[] y, int[] labels) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public LabeledPoints {
      Checks.notNull(x, "x");
      Checks.notNull(y, "y");
      Checks.notNull(labels, "labels");
      if (y.length != x.length || labels.length != x.length) {
        throw new IllegalArgumentException("LabeledPoints: " + x.length + " x, " + y.length + " y and "
            + labels.length + " labels");
      }
    }

    /** The points of class {@code k}: {@code [xs, ys]}. */
    double[][] ofClass(int k) {
      int n = 0;
      for (int label : labels) {
        n += label == k ? 1 : 0;
      }
      double[][] xy = new double[2][n];
      for (int i = 0, j = 0; i < labels.length; i++) {
        if (labels[i] == k) {
          xy[0][j] = x[i];
          xy[1][j++] = y[i];
        }
      }
      return xy;
    }
  }

  /**
   * A line chart of named series over a shared x axis, e.g. loss per epoch. Series of at most
   * {@value #MARKED_POINTS} points get a marker at each point, so a single point is visible too;
   * one point is framed by axes around it (positive values keep a positive range, for log axes).
   *
   * @param series name → y values; each the length of {@code x}
   */
  public static XYChart lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
    Checks.notNull(series, "series");
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setMarkerSize(x.length == 1 ? 10 : 6);
    Marker marker = x.length <= MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE;
    series.forEach((name, y) -> chart.addSeries(name, x, y).setMarker(marker));
    if (x.length > 20) {
      // XChart labels every few of many equally spaced x values, ignoring spacing hints: tilted, they do not overlap.
      chart.getStyler().setXAxisLabelRotation(45);
    }
    if (x.length == 1) {
      double top = series.values().stream().mapToDouble(y -> y[0]).filter(Double::isFinite).max().orElse(1);
      double bottom = series.values().stream().mapToDouble(y -> y[0]).filter(Double::isFinite).min().orElse(0);
      chart.getStyler().setXAxisMin(x[0] - 1).setXAxisMax(x[0] + 1)
          .setYAxisMin(bottom > 0 ? bottom / 2 : bottom - 1).setYAxisMax(top > 0 ? 1.5 * top : top + 1);
    }
    return chart;
  }

  /**
   * Training loss and (when known) training accuracy per epoch, as {@link #lines}.
   *
   * @param epochs the epochs' statistics, at least one
   * @throws IllegalArgumentException if {@code epochs} is empty
   */
  public static XYChart trainingCurves(String title, java.util.List<EpochStats> epochs) {
    Checks.notNull(epochs, "epochs");
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("trainingCurves: no epochs to draw");
    }
    double[] x = epochs.stream().mapToDouble(EpochStats::epoch).toArray();
    Map<String, double[]> series = new java.util.LinkedHashMap<>();
    series.put("training loss", epochs.stream().mapToDouble(EpochStats::trainLoss).toArray());
    double[] accuracy = epochs.stream().mapToDouble(EpochStats::trainAccuracy).toArray();
    if (java.util.Arrays.stream(accuracy).noneMatch(Double::isNaN)) {
      series.put("training accuracy", accuracy);
    }
    return lines(title, "epoch", "loss / accuracy", x, series);
  }

  /**
   * Decision regions: every cell of a regular {@code side × side} grid as a square in a light tint
   * of its predicted class's color, and the data points on top in the full colors. Classes
   * without points or cells are left out.
   *
   * @param grid the cell centres of a regular grid with their predicted classes
   * @param side the number of cells per side of the grid, {@code >= 1}
   * @param data the data points with their true classes
   * @param classes the number of classes, in {@code [1, 10]}
   * @throws IllegalArgumentException if {@code side} or {@code classes} is out of range
   */
  public static XYChart decisionRegions(String title, LabeledPoints grid, int side, LabeledPoints data, int classes) {
    Checks.notNull(grid, "grid");
    Checks.notNull(data, "data");
    if (side < 1 || classes < 1 || classes > PALETTE.length) {
      throw new IllegalArgumentException("decisionRegions: need side >= 1 and classes in [1, " + PALETTE.length
          + "], got " + side + " and " + classes);
    }
    XYChart chart = new XYChartBuilder().width(REGION_PLOT_PIXELS + 80).height(REGION_PLOT_PIXELS + 130).title(title)
        .xAxisTitle("x1").yAxisTitle("x2").build();
    XYStyler style = chart.getStyler();
    style.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    style.setLegendPosition(LegendPosition.OutsideS);
    style.setPlotGridLinesVisible(false);
    style.setMarkerSize(7);
    style.setPlotContentSize(1.0);
    double halfX = (max(grid.x()) - min(grid.x())) / Math.max(1, side - 1) / 2;
    double halfY = (max(grid.y()) - min(grid.y())) / Math.max(1, side - 1) / 2;
    style.setXAxisMin(min(grid.x()) - halfX);
    style.setXAxisMax(max(grid.x()) + halfX);
    style.setYAxisMin(min(grid.y()) - halfY);
    style.setYAxisMax(max(grid.y()) + halfY);
    Marker cell = new Cell(REGION_PLOT_PIXELS / side + 2);
    for (int k = 0; k < classes; k++) {
      double[][] xy = grid.ofClass(k);
      if (xy[0].length > 0) {
        chart.addSeries("region " + k, xy[0], xy[1]).setMarker(cell).setMarkerColor(tint(PALETTE[k]))
            .setShowInLegend(false);
      }
    }
    for (int k = 0; k < classes; k++) {
      double[][] xy = data.ofClass(k);
      if (xy[0].length > 0) {
        chart.addSeries("class " + k, xy[0], xy[1]).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(PALETTE[k]);
      }
    }
    return chart;
  }

  /** A filled square of a fixed size in pixels, whatever the chart's marker size: one grid cell. */
  private static final class Cell extends Marker {
    private final int pixels;

    Cell(int pixels) {
      this.pixels = pixels;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
      g.fill(new Rectangle2D.Double(x - pixels / 2.0, y - pixels / 2.0, pixels, pixels));
    }
  }

  /** {@code c} mixed with 70% white, opaque (so overlapping cells leave no seams). */
  private static Color tint(Color c) {
    return new Color(mix(c.getRed()), mix(c.getGreen()), mix(c.getBlue()));
  }

  private static int mix(int channel) {
    return (int) Math.round(0.3 * channel + 0.7 * 255);
  }

  private static double min(double[] v) {
    return java.util.Arrays.stream(v).min().orElse(0);
  }

  private static double max(double[] v) {
    return java.util.Arrays.stream(v).max().orElse(1);
  }

  /**
   * Writes {@code chart} as {@code dir/name.png} atomically (see {@link OutputFiles}), creating
   * {@code dir} if it is missing (its parent must exist).
   *
   * @return the file written
   * @throws IllegalArgumentException if {@code dir} is a file or cannot be created
   * @throws IOException if writing fails
   */
  public static Path save(Chart<?, ?> chart, Path dir, String name) throws IOException {
    Checks.notNull(chart, "chart");
    Path target = OutputFiles.directory("--out", Checks.notNull(dir, "dir")).resolve(Checks.notNull(name, "name") + ".png");
    return OutputFiles.write(target, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
  }
}
