package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fluxion grad FORMULA --at ...}: value and gradient by reverse mode. */
@Command(name = "grad", mixinStandardHelpOptions = true,
    description = "Value and gradient of a formula at a point (reverse mode).")
final class GradCommand implements Runnable {
  @Mixin
  FormulaOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    ValueAndGrad r = AD.valueAndGrad(options.expr(), options.point());
    var out = spec.commandLine().getOut();
    if (options.json) {
      Map<String, String> g = new LinkedHashMap<>();
      r.gradient().forEach((k, v) -> g.put(k, Json.tensor(v)));
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("value", Json.tensor(r.value()));
      fields.put("gradient", Json.object(g));
      out.println(Json.object(fields));
      return;
    }
    out.println("f = " + EvalCommand.show(r.value()));
    r.gradient().forEach((k, v) -> out.println("df/d" + k + " = " + EvalCommand.show(v)));
  }
}
