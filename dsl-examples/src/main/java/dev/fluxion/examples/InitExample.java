package dev.fluxion.examples;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.Plots;
import dev.fluxion.examples.support.Summary;
import dev.fluxion.nn.init.Gain;
import dev.fluxion.nn.init.Initializer;
import dev.fluxion.nn.init.Initializers;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Dense;
import dev.fluxion.nn.layer.Layer;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example init}: why initialization matters. Random inputs go through a deep
 * MLP of equal widths; the standard deviation of every layer's activations vanishes or explodes
 * geometrically under naive initializations and stays put under Xavier (tanh) and Kaiming (ReLU)
 * (Glorot and Bengio 2010; He et al. 2015). Forward passes only: every layer is applied to
 * constants, which the DSL folds into values as it builds them.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Activation statistics of a deep MLP under naive, Xavier and Kaiming initialization.")
public final class InitExample implements Callable<Integer> {
  /**
   * One initialization scheme with its activation.
   *
   * @param id the key prefix in the summary line
   * @param label the legend entry
   * @param init the weight initializer (biases start at zero)
   * @param activation the activation after every dense layer
   */
  record Setting(String id, String label, Initializer init, Activation activation) {}

  /** The settings compared, in order. */
  static final List<Setting> SETTINGS = List.of(
      new Setting("naive_small_tanh", "N(0, 0.01²), tanh", Initializers.normal(0, 0.01), Activation.tanh()),
      new Setting("naive_unit_relu", "N(0, 1), ReLU", Initializers.normal(0, 1), Activation.relu()),
      new Setting("xavier_tanh", "Xavier (gain 5/3), tanh", Initializers.xavierNormal(Gain.tanh()), Activation.tanh()),
      new Setting("xavier_relu", "Xavier, ReLU", Initializers.xavierNormal(), Activation.relu()),
      new Setting("kaiming_relu", "Kaiming, ReLU", Initializers.kaimingNormal(), Activation.relu()));

  @Mixin
  ExampleOptions options;

  @Option(names = "--depth", defaultValue = "30", description = "hidden layers (default ${DEFAULT-VALUE})")
  int depth;

  @Option(names = "--width", defaultValue = "256", description = "units per layer (default ${DEFAULT-VALUE})")
  int width;

  @Option(names = "--batch", defaultValue = "256", description = "random input vectors (default ${DEFAULT-VALUE})")
  int batch;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    checkOptions();
    PrintWriter out = spec.commandLine().getOut();
    Key[] keys = Key.of(options.seed).split(2);
    Tensor input = Tensor.normal(keys[0], Shape.of(batch, width), 0, 1);
    out.printf("%d layers of %d units, %d inputs drawn from N(0, 1); std of each layer's activations:%n", depth, width,
        batch);
    long t0 = System.nanoTime();
    Map<String, double[]> stds = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      stds.put(s.label(), activationStds(s, input, keys[1]));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    printTable(out, stds);
    out.println("wrote " + Plots.save(chart(stds), options.out, "init-activations"));

    Map<String, Object> summary = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      double[] std = stds.get(s.label());
      summary.put(s.id() + "_first", std[0]);
      summary.put(s.id() + "_last", std[depth - 1]);
    }
    summary.put("depth", depth);
    summary.put("width", width);
    summary.put("seconds", seconds);
    Summary.print(out, summary);
    return 0;
  }

  private void checkOptions() {
    if (depth < 1) {
      throw new IllegalArgumentException("--depth must be >= 1, got " + depth);
    }
    if (width < 1) {
      throw new IllegalArgumentException("--width must be >= 1, got " + width);
    }
    if (batch < 2) {
      throw new IllegalArgumentException("--batch must be >= 2, got " + batch);
    }
  }

  /**
   * The standard deviation of the activations after each of the {@code depth} hidden layers of a
   * {@code Dense(width) → activation} stack initialized by {@code setting}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private double[] activationStds(Setting setting, Tensor input, Key key) {
    List<Layer<?, ?>> layers = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      layers.add(Dense.of(width).withWeights(setting.init()));
      layers.add(setting.activation());
    }
    Sequential model = Sequential.of(layers.toArray(new Layer<?, ?>[0]));
    Shape example = Shape.of(width);
    var params = model.init(key, example);
    var state = model.initState(example);
    Expr x = Fx.constant(input);
    double[] std = new double[depth];
    for (int i = 0; i < model.layers().size(); i++) {
      Layer layer = model.layers().get(i);
      x = layer.apply(params.get(i), state.get(i), x, Mode.eval()).y();
      if (layer instanceof Activation) {
        std[i / 2] = std(Trees.value(x));
      }
    }
    return std;
  }

  /** The population standard deviation of all entries. */
  static double std(Tensor t) {
    double[] v = t.toArray();
    double mean = Arrays.stream(v).average().orElse(0);
    return Math.sqrt(Arrays.stream(v).map(a -> (a - mean) * (a - mean)).average().orElse(0));
  }

  /** About ten rows: the first layer, every {@code depth / 10}-th, and the last. */
  private void printTable(PrintWriter out, Map<String, double[]> stds) {
    int w = stds.keySet().stream().mapToInt(String::length).max().orElse(10);
    StringBuilder header = new StringBuilder(String.format("%5s", "layer"));
    stds.keySet().forEach(label -> header.append(String.format("  %" + w + "s", label)));
    out.println(header);
    int every = Math.max(1, depth / 10);
    for (int layer = 1; layer <= depth; layer++) {
      if (layer == 1 || layer % every == 0 || layer == depth) {
        StringBuilder row = new StringBuilder(String.format("%5d", layer));
        int l = layer;
        stds.values().forEach(std -> row.append(String.format("  %" + w + ".3e", std[l - 1])));
        out.println(row);
      }
    }
    out.flush();
  }

  /**
   * {@code log10} of the std per layer (a log scale whose labels stay readable over dozens of
   * decades); a series stops before its first zero or non-finite value.
   */
  private XYChart chart(Map<String, double[]> stds) {
    XYChart chart = Plots.lines("Activation std per layer (" + depth + " × " + width + ", random inputs)", "layer",
        "log10 of the activations' std", new double[0], Map.of());
    stds.forEach((label, std) -> {
      int n = 0;
      while (n < std.length && std[n] > 0 && Double.isFinite(std[n])) {
        n++;
      }
      if (n > 0) {
        double[] layer = new double[n];
        Arrays.setAll(layer, i -> i + 1);
        chart.addSeries(label, layer, Arrays.stream(std, 0, n).map(Math::log10).toArray())
            .setMarker(SeriesMarkers.NONE);
      }
    });
    if (depth > 20) {
      chart.getStyler().setXAxisLabelRotation(45);
    }
    return chart;
  }
}
