package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Formula;
import dev.fluxion.nn.io.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fluxion hessian FORMULA --at ...}: value and Hessian (forward over reverse), a row and column per variable written. */
@Command(name = "hessian", mixinStandardHelpOptions = true,
    description = "Value and Hessian of a formula at a point (forward-over-reverse).")
final class HessianCommand implements Runnable {
  @Mixin
  FormulaOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    Formula.Parsed parsed = options.parsed();
    Expr f = parsed.expr();
    Bindings at = options.point();
    Tensor value = AD.eval(f, at);
    Map<String, Map<String, Tensor>> blocks = AD.hessian(f, at);
    Map<String, Map<String, Tensor>> h = new LinkedHashMap<>();
    for (Var a : parsed.variables()) {
      Map<String, Tensor> row = new LinkedHashMap<>();
      Map<String, Tensor> known = blocks.getOrDefault(a.name(), Map.of());
      for (Var b : parsed.variables()) {
        row.put(b.name(), known.getOrDefault(b.name(), zeroBlock(a, b)));
      }
      h.put(a.name(), row);
    }
    var out = spec.commandLine().getOut();
    List<Tensor> results = new ArrayList<>();
    results.add(value);
    h.values().forEach(row -> results.addAll(row.values()));
    Optional<String> note = NonFiniteNote.of(f, at, results);
    if (options.json) {
      JsonWriter w = EvalCommand.tensor(JsonWriter.spaced().beginObject().name("value"), value);
      w.name("hessian").beginObject();
      h.forEach((a, row) -> {
        w.name(a).beginObject();
        row.forEach((b, v) -> EvalCommand.tensor(w.name(b), v));
        w.endObject();
      });
      w.endObject();
      note.ifPresent(n -> w.name("firstNonFinite").value(n));
      out.println(w.endObject().toJson());
      return;
    }
    out.println("f = " + EvalCommand.show(value));
    h.forEach((a, row) -> row.forEach((b, v) -> out.println("d2f/d" + a + "d" + b + " = " + EvalCommand.show(v))));
    note.ifPresent(n -> out.println("first non-finite: " + n));
  }

  /** A zero block {@code d2f/dadb} of shape {@code a.shape ++ b.shape}, for a variable f does not depend on. */
  private static Tensor zeroBlock(Var a, Var b) {
    return Tensor.zeros(Shape.of(IntStream.concat(IntStream.of(a.shape().toArray()), IntStream.of(b.shape().toArray()))
        .toArray()));
  }
}
