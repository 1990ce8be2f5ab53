package dev.fluxion.playground.network;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.optim.Schedule;
import dev.fluxion.nn.optim.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the network lab trains, as the page chose it, checked against the server's limits: a 2-D
 * dataset, the hidden layers of an MLP, its activation, the optimizer, learning rate, schedule,
 * batch size and seed.
 *
 * @param dataset {@code spirals}, {@code moons}, {@code circles} or {@code xor}
 * @param points examples, 20 to {@value #MAX_POINTS}
 * @param noise the data's noise, 0 to 1
 * @param hidden hidden layer widths, 0 to {@value #MAX_LAYERS} layers of 1 to {@value #MAX_WIDTH} units
 * @param activation {@code tanh}, {@code relu}, {@code sigmoid} or {@code gelu}
 * @param optimizer {@code sgd}, {@code momentum} or {@code adam}
 * @param learningRate in {@code (0, 10]}
 * @param schedule {@code constant}, {@code cosine} (to 0 over {@code steps}) or {@code step} (halved every quarter)
 * @param steps the schedule's horizon, 1 to {@value #MAX_STEPS}; training stops there
 * @param batchSize 1 to {@code points}
 * @param seed the data's, the initial weights' and the batches' randomness
 */
public record NetworkSpec(String dataset, int points, double noise, List<Integer> hidden, String activation,
    String optimizer, double learningRate, String schedule, int steps, int batchSize, long seed) {
  /** The most examples. */
  public static final int MAX_POINTS = 1000;
  /** The most hidden layers. */
  public static final int MAX_LAYERS = 4;
  /** The widest hidden layer. */
  public static final int MAX_WIDTH = 32;
  /** The longest run, in steps. */
  public static final int MAX_STEPS = 20_000;

  /**
   * Validates.
   *
   * @throws InvalidSpecException naming the first field out of its domain
   */
  public NetworkSpec {
    require(List.of("spirals", "moons", "circles", "xor").contains(dataset), "dataset", dataset,
        "spirals, moons, circles or xor");
    require(points >= 20 && points <= MAX_POINTS, "points", points, "20 to " + MAX_POINTS);
    require(noise >= 0 && noise <= 1, "noise", noise, "0 to 1");
    hidden = List.copyOf(hidden);
    require(hidden.size() <= MAX_LAYERS, "hidden", hidden, "at most " + MAX_LAYERS + " layers");
    for (int w : hidden) {
      require(w >= 1 && w <= MAX_WIDTH, "hidden", hidden, "widths 1 to " + MAX_WIDTH);
    }
    require(List.of("tanh", "relu", "sigmoid", "gelu").contains(activation), "activation", activation,
        "tanh, relu, sigmoid or gelu");
    require(List.of("sgd", "momentum", "adam").contains(optimizer), "optimizer", optimizer, "sgd, momentum or adam");
    require(learningRate > 0 && learningRate <= 10, "learningRate", learningRate, "(0, 10]");
    require(List.of("constant", "cosine", "step").contains(schedule), "schedule", schedule, "constant, cosine or step");
    require(steps >= 1 && steps <= MAX_STEPS, "steps", steps, "1 to " + MAX_STEPS);
    require(batchSize >= 1 && batchSize <= points, "batchSize", batchSize, "1 to points (" + points + ")");
  }

  /** {@return the spirals of the survey's playground: 2 classes, 300 points, a 16-16 tanh net, Adam 0.03} */
  public static NetworkSpec defaults() {
    return new NetworkSpec("spirals", 300, 0.1, List.of(16, 16), "tanh", "adam", 0.03, "constant", 3000, 32, 0);
  }

  /** The request members {@link #parse} reads, as the page names its fields. */
  public static final Set<String> FIELDS = Set.of("dataset", "points", "noise", "hidden", "activation", "optimizer",
      "learningRate", "schedule", "steps", "batchSize", "seed");

  /**
   * {@return the spec the page's fields describe, as text (e.g. {@code "hidden": "16,16"}); a
   * missing field takes its value from {@link #defaults()}}
   *
   * @param form field name to text; names outside {@link #FIELDS} are ignored
   * @throws InvalidSpecException naming the first field that is not a number, or out of its domain
   */
  public static NetworkSpec parse(Map<String, String> form) {
    NetworkSpec d = defaults();
    String hidden = form.get("hidden");
    return new NetworkSpec(form.getOrDefault("dataset", d.dataset()).strip(), integer(form, "points", d.points()),
        number(form, "noise", d.noise()), hidden == null ? d.hidden() : widths(hidden),
        form.getOrDefault("activation", d.activation()).strip(), form.getOrDefault("optimizer", d.optimizer()).strip(),
        number(form, "learningRate", d.learningRate()), form.getOrDefault("schedule", d.schedule()).strip(),
        integer(form, "steps", d.steps()), integer(form, "batchSize", d.batchSize()),
        integer(form, "seed", (int) d.seed()));
  }

  /** {@return the widths in {@code text}, e.g. {@code "16, 16"}; empty text is no hidden layer} */
  private static List<Integer> widths(String text) {
    List<Integer> widths = new ArrayList<>();
    if (!text.isBlank()) {
      for (String part : text.split(",", -1)) {
        if (!part.strip().matches("\\d{1,4}")) {
          throw new InvalidSpecException("hidden", "hidden = " + text + " is not a list of widths such as 16,16");
        }
        widths.add(Integer.parseInt(part.strip()));
      }
    }
    return widths;
  }

  private static int integer(Map<String, String> form, String field, int otherwise) {
    String text = form.get(field);
    if (text == null) {
      return otherwise;
    }
    if (!text.strip().matches("-?\\d{1,9}")) {
      throw new InvalidSpecException(field, field + " = " + text + " is not a whole number");
    }
    return Integer.parseInt(text.strip());
  }

  private static double number(Map<String, String> form, String field, double otherwise) {
    String text = form.get(field);
    if (text == null) {
      return otherwise;
    }
    if (text.strip().matches("-?(\\d{1,20}(\\.\\d{0,20})?|\\.\\d{1,20})([eE][-+]?\\d{1,3})?")) {
      return Double.parseDouble(text.strip());
    }
    throw new InvalidSpecException(field, field + " = " + text + " is not a number");
  }

  private static void require(boolean ok, String field, Object value, String domain) {
    if (!ok) {
      throw new InvalidSpecException(field, field + " = " + value + " is outside " + domain);
    }
  }

  /** {@return the number of classes: 2 for every dataset here} */
  public int classes() {
    return 2;
  }

  /** {@return the examples: features {@code [points, 2]}, labels {@code 0..classes-1}} */
  public Dataset data() {
    Key key = Key.of(seed).fold(1);
    return switch (dataset) {
      case "spirals" -> Synthetic.spirals(2, points / 2, noise, key);
      case "moons" -> Synthetic.moons(points, noise, key);
      case "circles" -> Synthetic.circles(points, noise, 0.5, key);
      default -> Synthetic.xor(points, noise, key);
    };
  }

  /** {@return the hidden layers' activation} */
  public Activation activationFunction() {
    return switch (activation) {
      case "relu" -> Activation.relu();
      case "sigmoid" -> Activation.sigmoid();
      case "gelu" -> Activation.gelu();
      default -> Activation.tanh();
    };
  }

  /** {@return the learning rate by step} */
  public Schedule learningRates() {
    return switch (schedule) {
      case "cosine" -> Schedules.cosine(learningRate, steps, 0);
      case "step" -> Schedules.stepDecay(learningRate, 0.5, Math.max(1, steps / 4));
      default -> Schedules.constant(learningRate);
    };
  }

  /** {@return the optimizer, on {@link #learningRates()}} */
  public GradientTransformation<ChainState> gradientTransformation() {
    Schedule lr = learningRates();
    return switch (optimizer) {
      case "sgd" -> Optimizers.sgd(lr, 0, false);
      case "momentum" -> Optimizers.sgd(lr, 0.9, false);
      default -> Optimizers.adam(lr, 0.9, 0.999, 1e-8);
    };
  }
}
