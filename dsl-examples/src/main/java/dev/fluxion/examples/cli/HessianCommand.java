package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fluxion hessian FORMULA --at ...}: value and Hessian (forward over reverse). */
@Command(name = "hessian", mixinStandardHelpOptions = true,
    description = "Value and Hessian of a formula at a point (forward-over-reverse).")
final class HessianCommand implements Runnable {
  @Mixin
  FormulaOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    Expr f = options.expr();
    Bindings at = options.point();
    Tensor value = AD.eval(f, at);
    Map<String, Map<String, Tensor>> h = AD.hessian(f, at);
    var out = spec.commandLine().getOut();
    if (options.json) {
      Map<String, String> rows = new LinkedHashMap<>();
      h.forEach((a, row) -> {
        Map<String, String> cols = new LinkedHashMap<>();
        row.forEach((b, v) -> cols.put(b, Json.tensor(v)));
        rows.put(a, Json.object(cols));
      });
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("value", Json.tensor(value));
      fields.put("hessian", Json.object(rows));
      out.println(Json.object(fields));
      return;
    }
    out.println("f = " + EvalCommand.show(value));
    h.forEach((a, row) -> row.forEach((b, v) -> out.println("d2f/d" + a + "d" + b + " = " + EvalCommand.show(v))));
  }
}
