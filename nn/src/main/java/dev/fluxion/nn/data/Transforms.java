package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.function.Function;

/**
 * Per-example transforms, for {@link Dataset#map}: pure functions from {@link Example} to
 * {@link Example} that compose with {@link Function#andThen}.
 */
public final class Transforms {
  private Transforms() {}

  /**
   * Features {@code (x - mean) / std}, broadcasting, in the features' dtype (the statistics are
   * rounded to it); targets unchanged.
   *
   * @param mean broadcastable to the feature shape
   * @param std broadcastable to the feature shape; nonzero
   * @return the transform
   * @throws IllegalArgumentException if an argument is null; when applied, if the shapes do not broadcast
   */
  public static Function<Example, Example> normalize(Tensor mean, Tensor std) {
    Checks.notNull(mean, "mean");
    Checks.notNull(std, "std");
    return e -> new Example(e.x().minus(mean.cast(e.x().dtype())).div(std.cast(e.x().dtype())), e.y());
  }

  /**
   * Features {@code (x - mean) / std} for scalar statistics, e.g. {@code normalize(0.2860, 0.3530)}
   * for Fashion-MNIST.
   *
   * @param mean any finite value
   * @param std finite and nonzero
   * @return the transform
   * @throws IllegalArgumentException if {@code std} is zero or a value is not finite
   */
  public static Function<Example, Example> normalize(double mean, double std) {
    Checks.finite(mean, "mean");
    Checks.finite(std, "std");
    if (std == 0) {
      throw new IllegalArgumentException("std is zero");
    }
    return normalize(Tensor.scalar(mean), Tensor.scalar(std));
  }

  /**
   * Standardization fitted on {@code data}: each feature element (position within the feature
   * shape) gets the mean and population standard deviation over the examples; features with zero
   * spread are only centered.
   *
   * @param data the fitting set (usually the training set), {@code size() >= 1}
   * @return the transform {@code x -> (x - mean) / std} with the fitted statistics, for any dataset
   *     of the same feature shape
   * @throws IllegalArgumentException if {@code data} is empty
   */
  public static Function<Example, Example> standardize(Dataset data) {
    Checks.notNull(data, "data");
    int n = data.size();
    if (n == 0) {
      throw new IllegalArgumentException("standardize: cannot fit on an empty dataset");
    }
    int w = data.featureShape().size();
    double[] mean = new double[w];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < w; j++) {
        mean[j] += data.featureAt(i, j);
      }
    }
    for (int j = 0; j < w; j++) {
      mean[j] /= n;
    }
    double[] std = new double[w];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < w; j++) {
        double d = data.featureAt(i, j) - mean[j];
        std[j] += d * d;
      }
    }
    for (int j = 0; j < w; j++) {
      double s = Math.sqrt(std[j] / n);
      std[j] = s > 0 ? s : 1;
    }
    return normalize(Tensor.of(mean, data.featureShape()), Tensor.of(std, data.featureShape()));
  }

  /**
   * Targets as one-hot vectors: a scalar label {@code c} becomes {@code [classes]} with a 1 at
   * {@code c}, in the label's dtype; features unchanged.
   *
   * @param classes {@code >= 1}
   * @return the transform
   * @throws IllegalArgumentException if {@code classes < 1}; when applied, if a target is not a
   *     scalar integer in {@code [0, classes)}
   */
  public static Function<Example, Example> oneHot(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("oneHot: classes must be >= 1, got " + classes);
    }
    return e -> {
      if (e.y().rank() != 0) {
        throw new IllegalArgumentException("oneHot: target must be a scalar label, got shape " + e.y().shape());
      }
      double c = e.y().item();
      if (!(c >= 0 && c < classes && c == Math.rint(c))) {
        throw new IllegalArgumentException("oneHot: label " + c + " is not an integer class index in [0, " + classes
            + ") (" + classes + " classes)");
      }
      double[] v = new double[classes];
      v[(int) c] = 1;
      return new Example(e.x(), Tensor.vector(v).cast(e.y().dtype()));
    };
  }

  /**
   * {@return features reshaped to rank 1, {@code [size]} (e.g. {@code [28, 28]} to {@code [784]}); targets unchanged}
   */
  public static Function<Example, Example> flatten() {
    return e -> new Example(e.x().reshape(e.x().size()), e.y());
  }
}
