package dev.fluxion.nn.layer;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.Options;
import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every layer's gradient, with respect to its input and every parameter, verified by the
 * project's gradient checks (finite differences, adjoint identity, symbolic, second order).
 */
class LayerGradientProperties {
  private record Case(String name, Layer<?, ?> layer, Shape example, Mode mode) {}

  private static final int BATCH = 3;

  private static Stream<Case> cases() {
    return Stream.of(
        new Case("Dense", Dense.of(4), Shape.of(5), Mode.eval()),
        new Case("Dense without bias", new Dense(3, false), Shape.of(2), Mode.eval()),
        new Case("Conv same", Conv.same(2, 3), Shape.of(2, 5, 4), Mode.eval()),
        new Case("Conv strided", new Conv(3, 2, 2, 1), Shape.of(1, 5, 5), Mode.eval()),
        new Case("MaxPool", Pool.max(2), Shape.of(2, 4, 4), Mode.eval()),
        new Case("AvgPool", new Pool(false, 3, 1), Shape.of(1, 4, 5), Mode.eval()),
        new Case("Flatten", Reshape.flatten(), Shape.of(2, 2, 3), Mode.eval()),
        new Case("Reshape", Reshape.to(3, 2), Shape.of(6), Mode.eval()),
        new Case("Tanh", Activation.tanh(), Shape.of(4), Mode.eval()),
        new Case("Sigmoid", Activation.sigmoid(), Shape.of(4), Mode.eval()),
        new Case("ReLU", Activation.relu(), Shape.of(4), Mode.eval()),
        new Case("LeakyReLU", Activation.leakyRelu(0.1), Shape.of(4), Mode.eval()),
        new Case("ELU", Activation.elu(1.0), Shape.of(4), Mode.eval()),
        new Case("GELU", Activation.gelu(), Shape.of(4), Mode.eval()),
        new Case("Softmax", Activation.softmax(), Shape.of(4), Mode.eval()),
        new Case("LogSoftmax", Activation.logSoftmax(), Shape.of(4), Mode.eval()),
        new Case("Dropout (train)", new Dropout(0.5), Shape.of(6), Mode.train(7)),
        new Case("BatchNorm dense (train)", BatchNorm.of(), Shape.of(3), Mode.train(1)),
        new Case("BatchNorm conv (train)", BatchNorm.of(), Shape.of(2, 3, 3), Mode.train(1)),
        new Case("BatchNorm (eval)", BatchNorm.of(), Shape.of(3), Mode.eval()),
        new Case("LayerNorm", LayerNorm.of(), Shape.of(5), Mode.eval()),
        new Case("RMSNorm", RMSNorm.of(), Shape.of(2, 5), Mode.eval()),
        new Case("GroupNorm", GroupNorm.of(2), Shape.of(4, 2, 2), Mode.eval()),
        new Case("LSTM", new LSTM(3), Shape.of(4, 2), Mode.eval()),
        new Case("GRU", new GRU(3), Shape.of(4, 2), Mode.eval()),
        new Case("Bidirectional LSTM", Bidirectional.lstm(2), Shape.of(4, 2), Mode.eval()),
        new Case("Bidirectional GRU", Bidirectional.gru(2), Shape.of(3, 2), Mode.eval()),
        new Case("MultiHeadAttention (causal)", new MultiHeadAttention(2, true), Shape.of(3, 4), Mode.eval()),
        new Case("MultiHeadAttention (causal, rotary)", new MultiHeadAttention(2, true, true), Shape.of(3, 4),
            Mode.eval()),
        new Case("TransformerBlock", new TransformerBlock(2, 2, 0.0, true), Shape.of(3, 4), Mode.eval()),
        new Case("Dense over a sequence", Dense.of(3), Shape.of(4, 2), Mode.eval()),
        new Case("PositionalEmbedding (2 of 4 positions)", new PositionalEmbedding(4), Shape.of(2, 3), Mode.eval()),
        new Case("SinusoidalPositions", new SinusoidalPositions(), Shape.of(3, 4), Mode.eval()),
        new Case("Residual", new Residual<>(Sequential.of(Dense.of(4), Activation.tanh())), Shape.of(4), Mode.eval()),
        new Case("Sequential CNN", Sequential.of(Conv.same(2, 3), Activation.tanh(), Pool.avg(2), Reshape.flatten(),
            Dense.of(3)), Shape.of(1, 4, 4), Mode.eval()),
        new Case("MLP", Mlp.of(Activation.tanh(), 5, 3), Shape.of(4), Mode.eval()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Report check(Case c) {
    Layer layer = c.layer();
    Key key = Key.of(c.name().hashCode());
    Object params = layer.init(key, c.example());
    Object state = layer.initState(c.example());
    Object traced = Trees.trace(params, "p.");
    int[] dims = new int[c.example().rank() + 1];
    dims[0] = BATCH;
    System.arraycopy(c.example().toArray(), 0, dims, 1, c.example().rank());
    Var x = variable("x", dims);
    Layer.Output<?> out = layer.apply(traced, state, x, c.mode());
    Tensor weights = Tensor.normal(key.fold(1), out.y().shape(), 0, 1);
    Expr loss = sum(out.y().times(constant(weights)));
    Tensor x0 = Tensor.normal(key.fold(2), Shape.of(dims), 0, 1);
    // Away from the kinks of ReLU-like layers, so finite differences never straddle one.
    Bindings at = Bindings.of("x", x0.plus(x0.sign().times(0.1)));
    for (var e : Trees.tensors(params).entrySet()) {
      at = at.with("p." + e.getKey(), e.getValue().plus(Tensor.normal(key.fold(3), e.getValue().shape(), 0, 0.1)));
    }
    return GradCheck.check(loss, at, Options.defaults().withSeed(11));
  }

  @TestFactory
  Stream<DynamicTest> everyLayerHasCorrectGradients() {
    return cases().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Report r = check(c);
      assertTrue(r.passed(), r.toString());
    }));
  }
}
