package dev.fluxion.playground.network;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Sequential;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.GradientTransformation;
import dev.fluxion.nn.optim.OptimizerState.ChainState;
import dev.fluxion.nn.train.CompiledModel;
import dev.fluxion.nn.train.TrainStep;
import dev.fluxion.nn.tree.Flat;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One browser tab's network: an MLP on a 2-D dataset, trained step by step with one compiled
 * {@link TrainStep}, and what the page draws of it — the loss curve, the decision regions on a grid,
 * and every weight with its gradient on the whole dataset. Calls are serialised (a tab steps its own
 * session); sessions share nothing.
 */
public final class NetworkSession {
  /** Grid cells per side of the decision-region picture. */
  public static final int GRID = 48;
  /** The most points of the loss curve sent to the page. */
  public static final int CURVE_POINTS = 400;

  private final NetworkSpec spec;
  private final Dataset data;
  private final Sequential model;
  private final TrainStep<List<Object>, List<Object>, ChainState> trainStep;
  private final CompiledModel<List<Object>, List<Object>> compiled;
  private final DataLoader loader;
  private final Tensor grid;
  private final double[] bounds;
  private final double[] losses;
  private List<Object> params;
  private List<Object> state;
  private ChainState opt;
  private long step;
  private int epoch;
  private Iterator<Batch> batches;

  /**
   * A fresh network for {@code spec}: data drawn, weights initialised from its seed.
   *
   * @param spec what to train
   */
  public NetworkSession(NetworkSpec spec) {
    this.spec = spec;
    this.data = spec.data();
    int[] widths = new int[spec.hidden().size() + 1];
    for (int i = 0; i < spec.hidden().size(); i++) {
      widths[i] = spec.hidden().get(i);
    }
    widths[widths.length - 1] = spec.classes();
    this.model = Mlp.of(spec.activationFunction(), widths);
    Shape example = data.featureShape();
    this.params = model.init(Key.of(spec.seed()).fold(2), example);
    this.state = model.initState(example);
    GradientTransformation<ChainState> optimizer = spec.gradientTransformation();
    this.opt = optimizer.init(params);
    this.trainStep = TrainStep.builder(model, Losses::softmaxCrossEntropy, optimizer)
        .build(params, state, example, data.targetShape());
    this.compiled = new CompiledModel<>(model, Losses::softmaxCrossEntropy, null, params, state, example,
        data.targetShape());
    this.loader = DataLoader.of(data, spec.batchSize()).withShuffle(Key.of(spec.seed()).fold(3));
    this.batches = loader.batches(0).iterator();
    this.bounds = bounds(data.features());
    this.grid = grid(bounds);
    this.losses = new double[spec.steps()];
  }

  /** {@return what this session trains} */
  public NetworkSpec spec() {
    return spec;
  }

  /**
   * Trains up to {@code n} more steps (not beyond {@code spec.steps()}).
   *
   * @param n {@code >= 0}
   * @return the picture after them
   */
  public synchronized Snapshot advance(int n) {
    for (int i = 0; i < n && step < spec.steps(); i++) {
      if (!batches.hasNext()) {
        epoch++;
        batches = loader.batches(epoch).iterator();
      }
      Batch b = batches.next();
      var r = trainStep.apply(params, opt, state, b, Key.of(spec.seed()).fold(4).fold(step).seed());
      params = r.params();
      opt = r.optState();
      state = r.modelState();
      losses[(int) step] = r.loss();
      step++;
    }
    return snapshot();
  }

  /** {@return the picture now, without training} */
  public synchronized Snapshot snapshot() {
    Tensor x = data.features();
    Tensor y = data.targets();
    var whole = compiled.step(params, state, x, y, 0);
    double accuracy = accuracy(whole.outputs(), y);
    Tensor probabilities = softmaxClassOne(compiled.predict(params, state, grid));
    Flat<List<Object>> weights = Trees.flatten(params);
    List<Tensor> gradients = Trees.flatten(whole.grads()).values();
    List<Layer> layers = new ArrayList<>();
    List<Tensor> values = weights.values();
    for (int i = 0; i + 1 < values.size(); i += 2) {
      layers.add(new Layer(values.get(i).shape().dim(0), values.get(i).shape().dim(1), values.get(i).toArray(),
          gradients.get(i).toArray(), values.get(i + 1).toArray(), gradients.get(i + 1).toArray()));
    }
    return new Snapshot(step, spec.steps(), epoch, whole.loss(), accuracy, spec.learningRates().at(Math.max(0, step - 1)),
        curve(), GRID, bounds.clone(), probabilities.toArray(), x.toArray(), y.toArray(), layers, step >= spec.steps());
  }

  /**
   * One dense layer for the drawing: {@code w[in][out]} row-major, the bias, and their gradients
   * (of the mean loss over the whole dataset).
   *
   * @param in inputs
   * @param out outputs
   * @param w weights, {@code in * out}
   * @param dw their gradient
   * @param b biases, {@code out}
   * @param db their gradient
   */
  public record Layer(int in, int out, double[] w, double[] dw, double[] b, double[] db) {}

  /**
   * What the page draws after a step.
   *
   * @param step steps taken
   * @param steps the run's length
   * @param epoch passes over the data begun, from 0
   * @param loss the mean loss over the whole dataset now
   * @param accuracy the fraction of points classified right now
   * @param learningRate the rate of the last step
   * @param curve pairs (step, batch loss), at most {@value #CURVE_POINTS} of them, evenly spread
   * @param grid cells per side
   * @param bounds {@code xmin, xmax, ymin, ymax} of the picture
   * @param probabilities class 1's probability per cell, row-major from {@code (xmin, ymin)}
   * @param points the examples' coordinates, {@code x0, y0, x1, y1, ...}
   * @param labels their classes
   * @param layers the dense layers, input first
   * @param done whether the run reached its last step
   */
  public record Snapshot(long step, long steps, int epoch, double loss, double accuracy, double learningRate,
      double[] curve, int grid, double[] bounds, double[] probabilities, double[] points, double[] labels,
      List<Layer> layers, boolean done) {}

  private double[] curve() {
    int n = (int) step;
    int count = Math.min(n, CURVE_POINTS);
    double[] out = new double[2 * count];
    for (int i = 0; i < count; i++) {
      int at = count == 1 ? 0 : (int) ((long) i * (n - 1) / (count - 1));
      out[2 * i] = at + 1;
      out[2 * i + 1] = losses[at];
    }
    return out;
  }

  private static double accuracy(Tensor logits, Tensor labels) {
    int[] predicted = logits.argmax(1).toIntArray();
    double[] y = labels.toArray();
    int right = 0;
    for (int i = 0; i < predicted.length; i++) {
      right += predicted[i] == (int) y[i] ? 1 : 0;
    }
    return (double) right / predicted.length;
  }

  private static Tensor softmaxClassOne(Tensor logits) {
    double[] z = logits.toArray();
    int n = logits.shape().dim(0);
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = 1 / (1 + Math.exp(z[2 * i] - z[2 * i + 1]));
    }
    return Tensor.of(p, n);
  }

  private static double[] bounds(Tensor xy) {
    double[] v = xy.toArray();
    double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < v.length; i += 2) {
      b[0] = Math.min(b[0], v[i]);
      b[1] = Math.max(b[1], v[i]);
      b[2] = Math.min(b[2], v[i + 1]);
      b[3] = Math.max(b[3], v[i + 1]);
    }
    double padX = 0.1 * (b[1] - b[0]) + 1e-9;
    double padY = 0.1 * (b[3] - b[2]) + 1e-9;
    return new double[] {b[0] - padX, b[1] + padX, b[2] - padY, b[3] + padY};
  }

  private static Tensor grid(double[] b) {
    double[] g = new double[GRID * GRID * 2];
    for (int r = 0; r < GRID; r++) {
      for (int c = 0; c < GRID; c++) {
        int at = 2 * (r * GRID + c);
        g[at] = b[0] + (c + 0.5) * (b[1] - b[0]) / GRID;
        g[at + 1] = b[2] + (r + 0.5) * (b[3] - b[2]) / GRID;
      }
    }
    return Tensor.of(g, GRID * GRID, 2);
  }
}
