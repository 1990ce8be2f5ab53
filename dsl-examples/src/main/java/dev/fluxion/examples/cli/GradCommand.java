package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Formula;
import dev.fluxion.nn.io.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fluxion grad FORMULA --at ...}: value and gradient by reverse mode, one row per variable written. */
@Command(name = "grad", mixinStandardHelpOptions = true,
    description = "Value and gradient of a formula at a point (reverse mode).")
final class GradCommand implements Runnable {
  @Mixin
  FormulaOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    Formula.Parsed parsed = options.parsed();
    Bindings at = options.point();
    ValueAndGrad r = AD.valueAndGrad(parsed.expr(), at);
    Map<String, Tensor> gradient = new LinkedHashMap<>();
    for (Var v : parsed.variables()) {
      gradient.put(v.name(), r.gradient().getOrDefault(v.name(), Tensor.zeros(v.shape())));
    }
    var out = spec.commandLine().getOut();
    List<Tensor> results = new ArrayList<>(gradient.values());
    results.add(r.value());
    Optional<String> note = NonFiniteNote.of(parsed.expr(), at, results);
    if (options.json) {
      JsonWriter w = EvalCommand.tensor(JsonWriter.spaced().beginObject().name("value"), r.value());
      w.name("gradient").beginObject();
      gradient.forEach((k, v) -> EvalCommand.tensor(w.name(k), v));
      w.endObject();
      note.ifPresent(n -> w.name("firstNonFinite").value(n));
      out.println(w.endObject().toJson());
      return;
    }
    out.println("f = " + EvalCommand.show(r.value()));
    gradient.forEach((k, v) -> out.println("df/d" + k + " = " + EvalCommand.show(v)));
    note.ifPresent(n -> out.println("first non-finite: " + n));
  }
}
