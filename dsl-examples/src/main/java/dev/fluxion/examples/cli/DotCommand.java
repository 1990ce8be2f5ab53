package dev.fluxion.examples.cli;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.text.Dot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
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

  @Option(names = "--out", paramLabel = "FILE", description = "write to FILE (atomically) instead of stdout")
  Path out;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
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
    if (out == null) {
      spec.commandLine().getOut().print(dot);
      spec.commandLine().getOut().flush();
      return 0;
    }
    Path abs = out.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, ".fluxion-", ".dot.tmp");
    try {
      Files.writeString(tmp, dot, StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    spec.commandLine().getOut().println("wrote " + abs);
    return 0;
  }
}
