package dev.fluxion.nn.layer;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A small decoder-only language model (GPT-2's layout): int32 token ids {@code [N, T]} →
 * {@link Embedding} + learned {@link PositionalEmbedding} → {@code layers} causal
 * {@link TransformerBlock}s → layer norm → {@link Dense} to the vocabulary: logits {@code [N, T, vocabulary]},
 * position {@code t}'s logits a function of tokens {@code 0 … t} only.
 *
 * @param vocabulary the number of token ids, {@code >= 1}
 * @param dim the model size {@code D}, divisible by the heads
 * @param heads attention heads per block
 * @param layers the number of blocks, {@code >= 1}
 * @param maxLength the longest context, {@code >= 1}
 * @param dropout the blocks' dropout rate, in {@code [0, 1)}
 */
public record Transformer(int vocabulary, int dim, int heads, int layers, int maxLength, double dropout)
    implements Stateless<Transformer.Params> {
  /**
   * The model's parameters.
   *
   * @param tokens the token table {@code [vocabulary, D]}
   * @param positions the position table {@code [maxLength, D]}
   * @param blocks one per layer
   * @param norm the final layer norm
   * @param head {@code D → vocabulary}
   */
  public record Params(Embedding.Params tokens, PositionalEmbedding.Params positions, List<TransformerBlock.Params> blocks,
      LayerNorm.Params norm, Dense.Params head) {}

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a size is out of range (the layers' own checks name it)
   */
  public Transformer {
    if (layers < 1) {
      throw new IllegalArgumentException("Transformer: layers must be >= 1, got " + layers);
    }
    new Embedding(vocabulary, dim);
    new PositionalEmbedding(maxLength);
    TransformerBlock.decoder(heads, dropout).outputShape(Shape.of(1, dim));
  }

  @Override
  public Params init(Key key, Shape inputShape) {
    Shape seq = sequence(inputShape);
    Key[] k = key.split(layers + 3);
    List<TransformerBlock.Params> blocks = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      blocks.add(block().init(k[3 + i], seq));
    }
    return new Params(new Embedding(vocabulary, dim).init(k[0], inputShape),
        new PositionalEmbedding(maxLength).init(k[1], seq), List.copyOf(blocks), LayerNorm.of().init(k[2], seq),
        new Dense(vocabulary, false).init(k[2].fold(1), seq));
  }

  @Override
  public Shape outputShape(Shape inputShape) {
    return Shape.of(sequence(inputShape).dim(0), vocabulary);
  }

  /**
   * {@return the logits {@code [N, T, vocabulary]}}
   *
   * @param x int32 token ids {@code [N, T]}, {@code T <= maxLength}
   */
  @Override
  public Expr forward(Params p, Expr x, Mode mode) {
    Expr h = new Embedding(vocabulary, dim).forward(p.tokens(), x, mode);
    h = new PositionalEmbedding(maxLength).forward(p.positions(), h, mode);
    for (int i = 0; i < layers; i++) {
      h = block().forward(p.blocks().get(i), h, mode.child(i));
    }
    h = LayerNorm.of().forward(p.norm(), h, mode);
    return new Dense(vocabulary, false).forward(p.head(), h, mode);
  }

  private TransformerBlock block() {
    return TransformerBlock.decoder(heads, dropout);
  }

  @Override
  public String describe() {
    return "Transformer(vocabulary " + vocabulary + ", D " + dim + ", " + heads + " heads, " + layers + " layers, context "
        + maxLength + ")";
  }

  /** {@code [T, D]} for ids {@code [T]}, {@code T <= maxLength}. */
  private Shape sequence(Shape ids) {
    if (ids.rank() != 1 || ids.dim(0) > maxLength) {
      throw new IllegalArgumentException("Transformer: an example is [T] token ids with T <= " + maxLength + ", got " + ids);
    }
    return Shape.of(ids.dim(0), dim);
  }
}
