package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.io.JsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fluxion eval FORMULA --at ...}: the value. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a formula at a point.")
final class EvalCommand implements Runnable {
  @Mixin
  FormulaOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    Tensor v = AD.eval(options.expr(), options.point());
    var out = spec.commandLine().getOut();
    out.println(options.json ? tensor(JsonWriter.spaced().beginObject().name("value"), v).endObject().toJson()
        : "f = " + show(v));
  }

  /** {@return {@code w} after {@code t}: a scalar as a number, any other tensor as a flat row-major array} */
  static JsonWriter tensor(JsonWriter w, Tensor t) {
    return t.rank() == 0 ? w.value(t.item()) : w.array(t.toArray());
  }

  static String show(Tensor t) {
    return t.rank() == 0 ? Double.toString(t.item()) : t.toString();
  }
}
