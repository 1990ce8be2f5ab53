package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.text.Dot;
import dev.fluxion.examples.support.OutputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fluxion dot FORMULA [--gradient] [--out FILE]}: the expression graph as Graphviz DOT. */
@Command(name = "dot", mixinStandardHelpOptions = true,
    description = "The expression graph (and optionally its symbolic gradient) as Graphviz DOT.")
final class DotCommand implements Callable<Integer> {
  @Mixin
  FormulaOptions options;

  @Option(names = "--gradient", description = "also draw the symbolic gradient, sharing nodes")
  boolean gradient;

  @Option(names = "--out", paramLabel = "FILE", description = "write to FILE (atomically; its directory must exist) instead of stdout")
  @Nullable Path out;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    @Nullable Path target = out == null ? null : OutputFiles.checkFile("--out", out);
    Expr f = options.expr();
    String dot;
    if (gradient) {
      Map<String, Expr> roots = new LinkedHashMap<>();
      roots.put("f", f);
      AD.gradExpr(f).forEach((k, g) -> roots.put("df/d" + k, g));
      dot = Dot.of(roots);
    } else {
      dot = Dot.of(f);
    }
    if (target == null) {
      spec.commandLine().getOut().print(dot);
      spec.commandLine().getOut().flush();
      return 0;
    }
    Path abs = OutputFiles.write(target, o -> o.write(dot.getBytes(StandardCharsets.UTF_8)));
    spec.commandLine().getOut().println("wrote " + abs);
    return 0;
  }
}
