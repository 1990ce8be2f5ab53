package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import org.jspecify.annotations.Nullable;

/**
 * A pre-norm transformer block (GPT-2's layout) over {@code x [N, T, D]}:
 * {@code h = x + dropout(attention(norm₁(x)))}, {@code y = h + dropout(W₂ gelu(W₁ norm₂(h)))},
 * with layer norms, {@link MultiHeadAttention} and a two-layer MLP of width {@code mlpRatio · D}
 * with exact (erf) GELU; output {@code [N, T, D]}.
 *
 * @param heads attention heads, dividing {@code D}
 * @param mlpRatio the MLP's width over {@code D}, {@code >= 1}
 * @param dropout the dropout rate after attention and after the MLP, in {@code [0, 1)}
 * @param causal whether attention is causal (a decoder)
 */
public record TransformerBlock(int heads, int mlpRatio, double dropout, boolean causal)
    implements Stateless<TransformerBlock.Params> {
  /**
   * The block's parameters.
   *
   * @param norm1 before attention
   * @param attention the self-attention's projections
   * @param norm2 before the MLP
   * @param fc1 {@code D → mlpRatio·D}
   * @param fc2 {@code mlpRatio·D → D}
   */
  public record Params(LayerNorm.Params norm1, MultiHeadAttention.Params attention, LayerNorm.Params norm2,
      Dense.Params fc1, Dense.Params fc2) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code heads < 1}, {@code mlpRatio < 1} or the rate is outside {@code [0, 1)}
   */
  public TransformerBlock {
    if (heads < 1 || mlpRatio < 1 || !(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("TransformerBlock: needs heads >= 1, mlpRatio >= 1 and dropout in [0, 1), got "
          + heads + ", " + mlpRatio + ", " + dropout);
    }
  }

  /**
   * {@return a causal (decoder) block with an MLP four times as wide}
   *
   * @param heads attention heads, dividing {@code D}
   * @param dropout the dropout rate, in {@code [0, 1)}
   */
  public static TransformerBlock decoder(int heads, double dropout) {
    return new TransformerBlock(heads, 4, dropout, true);
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    new MultiHeadAttention(heads, causal).outputShape(inputShape);
    int d = inputShape.dim(1);
    Key[] k = key.split(3);
    Shape wide = Shape.of(inputShape.dim(0), mlpRatio * d);
    return new Params(LayerNorm.of().init(k[0], inputShape), attention().init(k[1], inputShape),
        LayerNorm.of().init(k[0], inputShape), Dense.of(mlpRatio * d).init(k[2], inputShape),
        Dense.of(d).init(k[2].fold(1), wide));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    return attention().outputShape(inputShape);
  }

  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    return forward(p, x, null, mode);
  }

  /**
   * {@return the block applied to {@code x}, padding keys ignored}
   *
   * @param p the block's parameters, from {@link #init}
   * @param x {@code [N, T, D]}
   * @param mode training (dropout drawn from its seed) or evaluation
   * @param keep {@code [N, T]}, 1 for a token and 0 for padding; null if none is padding
   */
  public Expr forward(Params p, Expr x, @Nullable Expr keep, Mode mode) {
    Dropout drop = new Dropout(dropout);
    Expr a = attention().forward(p.attention(), LayerNorm.of().forward(p.norm1(), x, mode), keep, mode);
    Expr h = x.plus(drop.forward(NoParams.INSTANCE, a, mode.child(0)));
    Expr m = Dense.of(mlpRatio * x.shape().dim(-1)).forward(p.fc1(), LayerNorm.of().forward(p.norm2(), h, mode), mode);
    Expr y = Dense.of(x.shape().dim(-1)).forward(p.fc2(), gelu(m), mode);
    return h.plus(drop.forward(NoParams.INSTANCE, y, mode.child(1)));
  }

  private MultiHeadAttention attention() {
    return new MultiHeadAttention(heads, causal);
  }

  @Override
  public String describe() {
    return "TransformerBlock(" + heads + " heads, MLP x" + mlpRatio + (causal ? ", causal" : "")
        + (dropout > 0 ? ", dropout " + dropout : "") + ")";
  }
}
