package dev.fluxion.autodiff.control;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A deep {@code tanh} network's mean-square loss over weights {@code w0 … w(depth−1)} and a batch {@code x},
 * each block of {@code per} layers one checkpoint: the model of the remat tests and of the tour's table.
 *
 * @param depth the number of layers
 * @param width each layer's width
 * @param batch the batch size
 */
public record DeepTanh(int depth, int width, int batch) {
  /** {@return {@code mean((tanh(… tanh(x w0) …) w(depth−1))²)}, blocks of {@code per} layers checkpointed ({@code 0}: none)} */
  public Expr loss(int per) {
    Expr h = new Var("x", Shape.of(batch, width));
    int size = Math.max(per, 1);
    for (int l = 0; l < depth; l += size) {
      List<Expr> args = new ArrayList<>();
      args.add(h);
      for (int j = 0; j < Math.min(size, depth - l); j++) {
        args.add(new Var("w" + (l + j), Shape.of(width, width)));
      }
      Custom.Fn block = a -> {
        Expr y = a.get(0);
        for (int j = 1; j < a.size(); j++) {
          y = tanh(matmul(y, a.get(j)));
        }
        return y;
      };
      h = per > 0 ? Checkpoint.checkpoint(block, args.toArray(Expr[]::new)) : block.apply(args);
    }
    return mean(square(h));
  }

  /** {@return the weights' names, in order} */
  public List<String> weights() {
    List<String> w = new ArrayList<>();
    for (int l = 0; l < depth; l++) {
      w.add("w" + l);
    }
    return w;
  }

  /** {@return a fixed batch and weights of variance {@code 1/width}} */
  public Bindings at() {
    Bindings b = Bindings.of("x", Tensor.normal(Key.of(1), Shape.of(batch, width), 0, 1));
    for (int l = 0; l < depth; l++) {
      b = b.with("w" + l, Tensor.normal(Key.of(2).fold(l), Shape.of(width, width), 0, 1.0 / Math.sqrt(width)));
    }
    return b;
  }
}
