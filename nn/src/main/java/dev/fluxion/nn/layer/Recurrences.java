package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.control.Scans;
import dev.fluxion.autodiff.control.Step;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;

/** What {@link LSTM} and {@link GRU} share: PyTorch's weight layout and initialization, and the loop over time. */
final class Recurrences {
  private Recurrences() {}

  /** PyTorch's initialization: every weight and bias uniform in {@code ±1/√H}. */
  static RecurrentParams init(Key key, int gates, int hidden, int input) {
    Key[] k = key.split(4);
    double b = 1 / Math.sqrt(hidden);
    int g = gates * hidden;
    return new RecurrentParams(constant(Tensor.uniform(k[0], Shape.of(g, input), -b, b)),
        constant(Tensor.uniform(k[1], Shape.of(g, hidden), -b, b)),
        constant(Tensor.uniform(k[2], Shape.of(g), -b, b)),
        constant(Tensor.uniform(k[3], Shape.of(g), -b, b)));
  }

  /** {@code [T, dim]} of an example; throws naming {@code layer} otherwise. */
  static int inputSize(String layer, Shape example) {
    if (example.rank() != 2) {
      throw new IllegalArgumentException(layer + ": an example must be a sequence [T, features], got " + example);
    }
    return example.dim(1);
  }

  /**
   * {@return the hidden states {@code [N, T, H]} of the loop over {@code x [N, T, D]}}: the input
   * projections {@code x W_ih^T + b_ih} of every step in one product, then a {@link Scans#scan} over
   * time whose step gets the carries and that step's projection
   *
   * @param reverse whether the loop runs from the last step to the first (outputs at their own steps)
   * @param carries the initial carries (zeros {@code [N, H]} each)
   * @param step {@code (carries, projection [N, G·H]) → new carries}; the first carry is the output
   */
  static Expr run(RecurrentParams w, Expr x, boolean reverse, int carries,
      BiFunction<List<Expr>, Expr, List<Expr>> step) {
    int n = x.shape().dim(0);
    int t = x.shape().dim(1);
    int d = x.shape().dim(2);
    int gh = w.wIh().shape().dim(0);
    int h = w.wHh().shape().dim(1);
    Expr proj = matmul(reshape(permute(x, 1, 0, 2), t * n, d), transpose(w.wIh())).plus(w.bIh());
    Expr zero = zeros(Shape.of(n, h), x.dtype());
    List<Expr> init = java.util.Collections.nCopies(carries, zero);
    List<Expr> out = Scans.scan((c, xs) -> {
      List<Expr> next = step.apply(c, xs.get(0));
      return new Step(next, List.of(next.get(0)));
    }, init, List.of(reshape(proj, t, n, gh)), t, reverse);
    return permute(out.get(carries), 1, 0, 2);
  }

  /** {@code h W_hh^T + b_hh}, {@code [N, G·H]}. */
  static Expr hidden(RecurrentParams w, Expr h) {
    return matmul(h, transpose(w.wHh())).plus(w.bHh());
  }

  /** Gate {@code i} ({@code [N, H]}) of a {@code [N, G·H]} pre-activation. */
  static Expr gate(Expr z, int i, int h) {
    int n = z.shape().dim(0);
    return slice(z, new int[] {0, i * h}, new int[] {n, (i + 1) * h}, new int[] {1, 1});
  }
}
