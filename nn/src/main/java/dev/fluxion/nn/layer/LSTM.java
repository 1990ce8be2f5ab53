package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;

/**
 * A long short-term memory layer over a sequence, PyTorch's {@code nn.LSTM(batch_first=True)}: for
 * {@code x [N, T, D]}, with {@code h_0 = c_0 = 0},
 * {@code i, f, g, o = σ, σ, tanh, σ (x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} (gates in that order
 * along the rows), {@code c_t = f c_{t-1} + i g}, {@code h_t = o tanh(c_t)}; the output is every
 * {@code h_t}, {@code [N, T, H]}. The loop is a {@code scan}: its graph does not grow with {@code T}.
 * Weights ({@link RecurrentParams}) have PyTorch's layout and initialization, so a PyTorch LSTM's can
 * be loaded and compared.
 *
 *
 * <p>With {@code reverse} the loop runs from {@code t = T - 1} down to 0 ({@code h_T = 0}, {@code h_t} from
 * {@code x_t} and {@code h_(t+1)}), the outputs still at their own {@code t}: PyTorch's reverse direction
 * of a bidirectional layer ({@link Bidirectional}).
 *
 * @param hidden the state size {@code H}, {@code >= 1}
 * @param reverse whether the loop runs backwards in time
 */
public record LSTM(int hidden, boolean reverse) implements Stateless<RecurrentParams> {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code hidden < 1}
   */
  public LSTM {
    if (hidden < 1) {
      throw new IllegalArgumentException("LSTM: hidden must be >= 1, got " + hidden);
    }
  }

  /**
   * The forward-in-time layer.
   *
   * @param hidden the state size {@code H}, {@code >= 1}
   * @throws IllegalArgumentException if {@code hidden < 1}
   */
  public LSTM(int hidden) {
    this(hidden, false);
  }

  @Override
  public RecurrentParams init(Key key, Shape inputShape) {
    return Recurrences.init(key, 4, hidden, Recurrences.inputSize("LSTM", inputShape));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    Recurrences.inputSize("LSTM", inputShape);
    return Shape.of(inputShape.dim(0), hidden);
  }

  @Override
  public Expr forward(RecurrentParams w, Expr x, Mode mode) {
    return Recurrences.run(w, x, reverse, 2, (carry, xProj) -> {
      Expr z = xProj.plus(Recurrences.hidden(w, carry.get(0)));
      Expr i = sigmoid(Recurrences.gate(z, 0, hidden));
      Expr f = sigmoid(Recurrences.gate(z, 1, hidden));
      Expr g = tanh(Recurrences.gate(z, 2, hidden));
      Expr o = sigmoid(Recurrences.gate(z, 3, hidden));
      Expr c = f.times(carry.get(1)).plus(i.times(g));
      return List.of(o.times(tanh(c)), c);
    });
  }

  @Override
  public String describe() {
    return "LSTM(" + hidden + (reverse ? ", reverse)" : ")");
  }
}
