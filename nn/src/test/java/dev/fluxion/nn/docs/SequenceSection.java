package dev.fluxion.nn.docs;

import static dev.fluxion.autodiff.expr.Fx.*;
import static dev.fluxion.nn.docs.NnGuidePage.fmt;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.layer.Bidirectional;
import dev.fluxion.nn.layer.LSTM;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.layer.NoState;
import dev.fluxion.nn.layer.Transformer;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.optim.Optimizers;
import dev.fluxion.nn.train.CompiledModel;
import dev.fluxion.nn.train.TrainStep;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The generated blocks of the nn guide's section "Sequence models": code regions of this file and what they print. */
final class SequenceSection {
  static final String SOURCE = "src/test/java/dev/fluxion/nn/docs/SequenceSection.java";

  private SequenceSection() {}

  /** The blocks, by name. */
  static Map<String, String> blocks() {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("code-lm-loss", DocBlocks.region(SOURCE, "lm-loss"));
    b.put("code-lm", DocBlocks.region(SOURCE, "lm"));
    b.put("lm", languageModel());
    b.put("code-lstm", DocBlocks.region(SOURCE, "lstm"));
    b.put("lstm", lstm());
    b.put("code-bidirectional", DocBlocks.region(SOURCE, "bidirectional"));
    b.put("bidirectional", bidirectional());
    return b;
  }

  // docs:start lm-loss
  /** Next-token cross-entropy at every position: logits [N, T, V], int32 targets [N, T]. */
  static Expr nextToken(Expr logits, Expr targets) {
    int n = logits.shape().dim(0) * logits.shape().dim(1);
    return Losses.softmaxCrossEntropy(reshape(logits, n, logits.shape().dim(2)), reshape(targets, n));
  }
  // docs:end lm-loss

  private static String languageModel() {
    List<String> out = new ArrayList<>();
    // docs:start lm
    int v = 7;
    int t = 8;
    var model = new Transformer(v, 16, 2, 2, t, 0.0);    // vocabulary, D, heads, layers, context, dropout
    var params = model.init(Key.of(1), Shape.of(t), DType.FLOAT32);
    var opt = Optimizers.adam(1e-2);
    var step = TrainStep.builder(model, SequenceSection::nextToken, opt)
        .build(params, NoState.INSTANCE, Shape.of(t), Shape.of(t));     // examples: t ids in, t ids out
    var state = opt.init(params);
    int[] text = new int[200];
    for (int i = 0; i < text.length; i++) {
      text[i] = i * i % v;                                               // a periodic "text" of period 7
    }
    for (int s = 0; s < 60; s++) {
      int[] x = new int[4 * t];
      int[] y = new int[4 * t];
      for (int b = 0; b < 4; b++) {
        int from = (s * 13 + b * 29) % (text.length - t - 1);
        System.arraycopy(text, from, x, b * t, t);
        System.arraycopy(text, from + 1, y, b * t, t);                  // targets: the same window shifted by one
      }
      var r = step.apply(params, state, NoState.INSTANCE, Tensor.of(x, 4, t), Tensor.of(y, 4, t), s);
      params = r.params();
      state = r.optState();
      if (s % 20 == 0 || s == 59) {
        out.add("step " + s + ": loss " + fmt(r.loss()));
      }
    }
    // docs:end lm
    var compiled = new CompiledModel<>(model, SequenceSection::nextToken, null, params, NoState.INSTANCE, Shape.of(t),
        Shape.of(t));
    Tensor logits = compiled.predict(params, NoState.INSTANCE, Tensor.of(java.util.Arrays.copyOf(text, t), 1, t));
    out.add("input     " + java.util.Arrays.toString(java.util.Arrays.copyOf(text, t)));
    out.add("predicted " + java.util.Arrays.toString(logits.argmax(-1).cast(DType.INT32).toIntArray()));
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String lstm() {
    List<String> out = new ArrayList<>();
    // docs:start lstm
    var lstm = new LSTM(32);                                  // PyTorch's gates and weight layout
    for (int t : new int[] {10, 1000}) {
      var p = Trees.trace(lstm.init(Key.of(3), Shape.of(t, 8)), "p.");
      Var x = new Var("x", Shape.of(4, t, 8));               // [N, T, features]
      Expr loss = sum(lstm.forward(p, x, Mode.eval()));       // hidden states [N, T, 32], one scan over time
      out.add("T = " + t + ": loss " + Exprs.nodeCount(loss) + " nodes, gradient "
          + Exprs.nodeCount(AD.gradExpr(loss, "p.wHh")) + " nodes");
    }
    // docs:end lstm
    return DocBlocks.code(out.toArray(new String[0]));
  }

  private static String bidirectional() {
    List<String> out = new ArrayList<>();
    // docs:start bidirectional
    var bi = Bidirectional.lstm(16);                         // LSTM(16) and LSTM(16, reverse)
    var p = bi.init(Key.of(4), Shape.of(12, 8));             // Params(forward, backward): PyTorch's *_l0, *_l0_reverse
    Tensor x = Tensor.normal(Key.of(5), Shape.of(2, 12, 8), 0, 1);
    Tensor y = AD.eval(bi.forward(p, constant(x), Mode.eval()), Bindings.of());
    out.add(bi.describe() + ": " + x.shape() + " -> " + y.shape());
    // docs:end bidirectional
    return DocBlocks.code(out.toArray(new String[0]));
  }
}
