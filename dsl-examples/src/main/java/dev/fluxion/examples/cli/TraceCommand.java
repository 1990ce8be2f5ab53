package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.text.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxion trace --mode forward|reverse FORMULA --at ...}: the evaluation trace (Wengert list). */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "The evaluation trace (Wengert list) with tangents (forward) or adjoints (reverse).")
final class TraceCommand implements Runnable {
  /** The two sweeps. */
  enum Mode { forward, reverse }

  @Mixin
  FormulaOptions options;

  @Option(names = "--mode", defaultValue = "reverse", description = "forward or reverse (default ${DEFAULT-VALUE})")
  Mode mode;

  @Option(names = "--wrt", description = "forward mode only: the input whose tangent is 1, the others 0 "
      + "(default: the first in the formula)")
  String wrt;

  @Option(names = "--markdown", description = "print a Markdown table")
  boolean markdown;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    Expr f = options.expr();
    Bindings at = options.point();
    Trace trace;
    if (mode == Mode.forward) {
      var vars = Exprs.variables(f);
      String seed = wrt != null ? wrt : vars.keySet().stream().findFirst()
          .orElseThrow(() -> new IllegalArgumentException("trace: the formula has no variables"));
      if (!vars.containsKey(seed)) {
        throw new IllegalArgumentException("--wrt: unknown variable " + seed + " (the formula has " + vars.keySet() + ")");
      }
      trace = Trace.forward(f, at, Bindings.of(seed, 1.0));
    } else {
      if (wrt != null) {
        throw new IllegalArgumentException("--wrt applies to --mode forward only; the reverse trace gives the "
            + "adjoints of all inputs");
      }
      trace = Trace.reverse(f, at);
    }
    var out = spec.commandLine().getOut();
    if (markdown) {
      trace.writeMarkdown(out, Trace.DECIMALS);
    } else {
      trace.writeText(out, Trace.DECIMALS);
    }
    out.flush();
  }
}
