package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.text.Formula;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The formula and the point shared by every subcommand. */
final class FormulaOptions {
  @Parameters(index = "0", paramLabel = "FORMULA", description = "e.g. \"ln(x1) + x1*x2 - sin(x2)\"")
  String formula = "";

  @Option(names = "--at", paramLabel = "NAME=VALUE[,NAME=VALUE...]", description = "the point, e.g. x1=2,x2=5")
  String at = "";

  @Option(names = "--json", description = "print machine-readable JSON")
  boolean json;

  Expr expr() {
    return parsed().expr();
  }

  /** The formula with every variable written in it, even one that constant folding removed. */
  Formula.Parsed parsed() {
    return Formula.read(formula);
  }

  /**
   * The point as bindings: a value for every variable the formula names, and no other.
   *
   * @throws IllegalArgumentException naming the unknown or missing variable
   */
  Bindings point() {
    Bindings b = parsePoint(at);
    List<String> vars = parsed().names();
    for (String name : b.values().keySet()) {
      if (!vars.contains(name)) {
        throw new IllegalArgumentException("--at: unknown variable " + name + " (the formula has " + vars + ")");
      }
    }
    for (String name : vars) {
      if (!b.contains(name)) {
        throw new IllegalArgumentException("--at: no binding for variable " + name + " (the formula has " + vars + ")");
      }
    }
    return b;
  }

  static Bindings parsePoint(String text) {
    Map<String, Double> values = new LinkedHashMap<>();
    if (!text.isBlank()) {
      for (String part : text.split(",")) {
        int eq = part.indexOf('=');
        if (eq <= 0 || eq == part.length() - 1) {
          throw new IllegalArgumentException("--at: expected NAME=VALUE but got '" + part.strip() + "'");
        }
        String name = part.substring(0, eq).strip();
        String number = part.substring(eq + 1).strip();
        double v;
        try {
          v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--at: value of " + name + " is not a number: '" + number + "'");
        }
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("--at: value of " + name + " is not finite: " + number);
        }
        if (values.put(name, v) != null) {
          throw new IllegalArgumentException("--at: " + name + " is given twice");
        }
      }
    }
    Bindings b = Bindings.of();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      b = b.with(e.getKey(), e.getValue());
    }
    return b;
  }
}
