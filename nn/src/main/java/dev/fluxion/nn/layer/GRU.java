package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;

/**
 * A gated recurrent unit layer over a sequence, PyTorch's {@code nn.GRU(batch_first=True)}: for
 * {@code x [N, T, D]}, with {@code h_0 = 0} and gates {@code r, z, n} in that order along the rows,
 * {@code r = σ(x W_ir^T + b_ir + h W_hr^T + b_hr)}, {@code z = σ(x W_iz^T + b_iz + h W_hz^T + b_hz)},
 * {@code n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn))}, {@code h' = (1 − z) n + z h}; the output
 * is every {@code h_t}, {@code [N, T, H]}, computed by a {@code scan}.
 *
 *
 * <p>With {@code reverse} the loop runs from {@code t = T - 1} down to 0 ({@code h_T = 0}, {@code h_t} from
 * {@code x_t} and {@code h_(t+1)}), the outputs still at their own {@code t}: PyTorch's reverse direction
 * of a bidirectional layer ({@link Bidirectional}).
 *
 * @param hidden the state size {@code H}, {@code >= 1}
 * @param reverse whether the loop runs backwards in time
 */
public record GRU(int hidden, boolean reverse) implements Stateless<RecurrentParams> {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code hidden < 1}
   */
  public GRU {
    if (hidden < 1) {
      throw new IllegalArgumentException("GRU: hidden must be >= 1, got " + hidden);
    }
  }

  /**
   * The forward-in-time layer.
   *
   * @param hidden the state size {@code H}, {@code >= 1}
   * @throws IllegalArgumentException if {@code hidden < 1}
   */
  public GRU(int hidden) {
    this(hidden, false);
  }

  @Override
  public RecurrentParams init(Key key, Shape inputShape) {
    return Recurrences.init(key, 3, hidden, Recurrences.inputSize("GRU", inputShape));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    Recurrences.inputSize("GRU", inputShape);
    return Shape.of(inputShape.dim(0), hidden);
  }

  @Override
  public Expr forward(RecurrentParams w, Expr x, Mode mode) {
    return Recurrences.run(w, x, reverse, 1, (carry, xProj) -> {
      Expr h = carry.get(0);
      Expr hh = Recurrences.hidden(w, h);
      Expr r = sigmoid(Recurrences.gate(xProj, 0, hidden).plus(Recurrences.gate(hh, 0, hidden)));
      Expr z = sigmoid(Recurrences.gate(xProj, 1, hidden).plus(Recurrences.gate(hh, 1, hidden)));
      Expr n = tanh(Recurrences.gate(xProj, 2, hidden).plus(r.times(Recurrences.gate(hh, 2, hidden))));
      return List.of(scalar(1.0).minus(z).times(n).plus(z.times(h)));
    });
  }

  @Override
  public String describe() {
    return "GRU(" + hidden + (reverse ? ", reverse)" : ")");
  }
}
