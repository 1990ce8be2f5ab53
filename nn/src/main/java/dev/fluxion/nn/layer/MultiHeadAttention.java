package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.init.Initializers;
import org.jspecify.annotations.Nullable;

/**
 * Multi-head self-attention over a sequence {@code x [N, T, D]} (PyTorch's
 * {@code nn.MultiheadAttention(D, heads, batch_first=True)} with query = key = value = x):
 * {@code q, k, v = x W_q + b_q, x W_k + b_k, x W_v + b_v}, split into {@code heads} heads of
 * {@code D / heads}, {@link Attention#scaledDotProduct} per head, heads joined, then
 * {@code · W_o + b_o}; output {@code [N, T, D]}. Projections are Xavier-uniform, biases zero
 * (PyTorch's init). A causal layer lets position {@code t} attend to positions {@code <= t} only;
 * {@link #forward(Params, Expr, Expr, Mode)} takes a padding mask as well. With {@code rotary}, each
 * head's queries and keys are turned by their positions ({@link Rotary}) before the scores, so the
 * scores see relative positions; the head size must then be even.
 *
 * @param heads the number of heads, {@code >= 1}, dividing {@code D}
 * @param causal whether position {@code t} sees only positions up to {@code t}
 * @param rotary whether queries and keys get rotary position embeddings
 */
public record MultiHeadAttention(int heads, boolean causal, boolean rotary)
    implements Stateless<MultiHeadAttention.Params> {
  /**
   * The projections, each {@code [D, D]} (used as {@code x W}) with its bias {@code [D]}.
   *
   * @param wq queries
   * @param wk keys
   * @param wv values
   * @param wo output
   * @param bq queries' bias
   * @param bk keys' bias
   * @param bv values' bias
   * @param bo output's bias
   */
  public record Params(Expr wq, Expr wk, Expr wv, Expr wo, Expr bq, Expr bk, Expr bv, Expr bo) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code heads < 1}
   */
  public MultiHeadAttention {
    if (heads < 1) {
      throw new IllegalArgumentException("MultiHeadAttention: heads must be >= 1, got " + heads);
    }
  }

  /**
   * Without rotary embeddings.
   *
   * @param heads the number of heads, {@code >= 1}, dividing {@code D}
   * @param causal whether position {@code t} sees only positions up to {@code t}
   * @throws IllegalArgumentException if {@code heads < 1}
   */
  public MultiHeadAttention(int heads, boolean causal) {
    this(heads, causal, false);
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    int d = model(inputShape);
    Key[] k = key.split(4);
    Expr[] w = new Expr[4];
    for (int i = 0; i < 4; i++) {
      w[i] = constant(Initializers.xavierUniform().init(k[i], Shape.of(d, d)));
    }
    Expr zero = constant(Tensor.zeros(d));
    return new Params(w[0], w[1], w[2], w[3], zero, zero, zero, zero);
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    model(inputShape);
    return inputShape;
  }

  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    return forward(p, x, null, mode);
  }

  /**
   * {@return the attention output {@code [N, T, D]}, keys marked 0 in {@code keep} ignored}
   *
   * @param p the projections, from {@link #init}
   * @param x {@code [N, T, D]}
   * @param mode evaluation or training (no effect here)
   * @param keep {@code [N, T]}, 1 for a token and 0 for padding; null if no position is padding
   * @throws IllegalArgumentException if {@code x} is not {@code [N, T, D]} with {@code D} divisible by the heads
   */
  public Expr forward(Params p, Expr x, @Nullable Expr keep, Mode mode) {
    Shape s = x.shape();
    int d = model(Shape.of(s.dim(-2), s.dim(-1)));
    int n = s.dim(0);
    int t = s.dim(1);
    Expr q = split(matmul(x, p.wq()).plus(p.bq()), n, t, d);
    Expr k = split(matmul(x, p.wk()).plus(p.bk()), n, t, d);
    if (rotary) {
      q = Rotary.apply(q, Rotary.BASE);
      k = Rotary.apply(k, Rotary.BASE);
    }
    Expr v = split(matmul(x, p.wv()).plus(p.bv()), n, t, d);
    Expr mask = causal ? constant(Attention.causalMask(t).cast(x.dtype())) : null;
    if (keep != null) {
      Expr pad = Attention.keysMask(keep.cast(x.dtype()));
      mask = mask == null ? pad : mask.times(pad);
    }
    Expr heads = Attention.scaledDotProduct(q, k, v, mask);
    Expr joined = reshape(permute(heads, 0, 2, 1, 3), n, t, d);
    return matmul(joined, p.wo()).plus(p.bo());
  }

  /** {@code [N, T, D]} → {@code [N, heads, T, D / heads]}. */
  private Expr split(Expr y, int n, int t, int d) {
    return permute(reshape(y, n, t, heads, d / heads), 0, 2, 1, 3);
  }

  @Override
  public String describe() {
    return "MultiHeadAttention(" + heads + " heads" + (causal ? ", causal" : "") + (rotary ? ", rotary" : "") + ")";
  }

  private int model(Shape example) {
    if (example.rank() != 2 || example.dim(1) % heads != 0 || rotary && example.dim(1) / heads % 2 != 0) {
      throw new IllegalArgumentException("MultiHeadAttention: an example must be [T, D] with D divisible by "
          + heads + " heads" + (rotary ? " into an even head size (rotary)" : "") + ", got " + example);
    }
    return example.dim(1);
  }
}
