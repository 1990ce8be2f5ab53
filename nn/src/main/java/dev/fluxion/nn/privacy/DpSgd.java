package dev.fluxion.nn.privacy;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.train.CompiledModel.PerExample;
import dev.fluxion.nn.tree.Flat;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;

/**
 * The private gradient of DP-SGD: each example's gradient clipped to norm at most {@code C} (its norm
 * over every parameter), the clipped gradients summed, Gaussian noise of standard deviation {@code σC}
 * added to each coordinate, and the sum divided by the batch size, {@code (Σ_k g_k min(1, C/‖g_k‖) +
 * N(0, σ²C²I)) / N}. Any optimizer then applies it as it would a gradient. Pure: the same arguments
 * give the same bits.
 */
public final class DpSgd {
  private DpSgd() {}

  /**
   * The private gradient of a batch.
   *
   * @param gradient the noisy mean of the clipped gradients, a tree like the parameters
   * @param norms each example's gradient norm before clipping, {@code [N]} float64
   * @param clipped how many examples were clipped (norm above {@code C})
   * @param <P> the parameter record
   */
  public record Result<P>(P gradient, Tensor norms, int clipped) {}

  /**
   * {@return the private gradient of one batch of per-example gradients}
   *
   * @param perExample each example's gradient (leaves {@code [N, ...]}), from {@code perExampleGrads}
   * @param clipNorm {@code C > 0}, the largest norm an example's gradient keeps
   * @param noiseMultiplier {@code σ >= 0}, the noise's standard deviation in units of {@code C}
   * @param key the noise's randomness; use a new one each step
   * @param <P> the parameter record
   * @throws IllegalArgumentException if {@code C} is not positive and finite, {@code σ} is negative or not
   *     finite, or the leaves disagree in batch size
   */
  public static <P> Result<P> privatize(PerExample<P> perExample, double clipNorm, double noiseMultiplier, Key key) {
    Checks.notNull(perExample, "perExample");
    Checks.notNull(key, "key");
    if (!(clipNorm > 0) || Double.isInfinite(clipNorm) || !(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
      throw new IllegalArgumentException("DpSgd: clipNorm must be positive and finite and noiseMultiplier >= 0 and"
          + " finite, got " + clipNorm + " and " + noiseMultiplier);
    }
    Flat<P> flat = Trees.flatten(perExample.grads());
    List<Tensor> leaves = flat.values();
    int n = perExample.losses().shape().dim(0);
    double[] squares = new double[n];
    List<Tensor> wide = new ArrayList<>(leaves.size());
    for (Tensor leaf : leaves) {
      if (leaf.rank() == 0 || leaf.shape().dim(0) != n) {
        throw new IllegalArgumentException("DpSgd: a per-example gradient of shape " + leaf.shape()
            + " has no leading batch axis of size " + n);
      }
      Tensor w = leaf.cast(DType.FLOAT64);
      wide.add(w);
      Tensor sq = w.times(w).sum(rest(leaf.rank()), false);
      double[] s = sq.toArray();
      for (int k = 0; k < n; k++) {
        squares[k] += s[k];
      }
    }
    double[] norms = new double[n];
    double[] factor = new double[n];
    int clipped = 0;
    for (int k = 0; k < n; k++) {
      norms[k] = Math.sqrt(squares[k]);
      factor[k] = norms[k] > clipNorm ? clipNorm / norms[k] : 1.0;
      clipped += norms[k] > clipNorm ? 1 : 0;
    }
    Tensor scale = Tensor.of(factor, n);
    List<Expr> out = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      Tensor leaf = leaves.get(i);
      Shape one = Shape.of(java.util.Arrays.copyOfRange(leaf.shape().toArray(), 1, leaf.rank()));
      Tensor sum = wide.get(i).times(scale.reshape(column(leaf.rank(), n))).sum(new int[] {0}, false);
      Tensor noise = Tensor.normal(key.fold(i), one, 0, noiseMultiplier * clipNorm);
      out.add(Fx.constant(sum.plus(noise).div(n).cast(leaf.dtype())));
    }
    return new Result<>(flat.def().unflatten(out), Tensor.of(norms, n), clipped);
  }

  private static int[] rest(int rank) {
    int[] axes = new int[rank - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return axes;
  }

  private static Shape column(int rank, int n) {
    int[] d = new int[rank];
    java.util.Arrays.fill(d, 1);
    d[0] = n;
    return Shape.of(d);
  }
}
