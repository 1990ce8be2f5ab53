package dev.fluxion.autodiff.docs;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.Jvp;
import dev.fluxion.autodiff.ad.ValueAndGrad;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Trace;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generated blocks of the docs pages: every number, table and printed formula in them is
 * computed here by the library, and {@link DocsPagesTest} checks the pages against it.
 *
 * <p>A block sits between {@code <!-- generated:name -->} and {@code <!-- /generated:name -->},
 * each marker on its own line.
 */
final class DocsPages {
  /** The page on forward and reverse mode, relative to the repository root. */
  static final String FORWARD_AND_REVERSE = "docs/forward-and-reverse.md";

  private static final Pattern BLOCK =
      Pattern.compile("(?s)<!-- generated:([a-z0-9-]+) -->\\n(.*?)<!-- /generated:\\1 -->");

  private DocsPages() {}

  /** The blocks of {@value #FORWARD_AND_REVERSE} by name, in page order. */
  static Map<String, String> forwardAndReverse() {
    Expr x1 = variable("x1");
    Expr x2 = variable("x2");
    Expr f = log(x1).plus(x1.times(x2)).minus(sin(x2));
    Bindings at = Bindings.of("x1", 2.0).with("x2", 5.0);
    Map<String, String> blocks = new LinkedHashMap<>();
    ValueAndGrad vg = AD.valueAndGrad(f, at);
    blocks.put("survey-values", code(
        "f(2, 5)  = " + number(vg.value()),
        "∂f/∂x1   = " + number(vg.gradient("x1")),
        "∂f/∂x2   = " + number(vg.gradient("x2"))));
    blocks.put("primal-trace", Trace.primal(f, at).toMarkdown());
    blocks.put("tangent-trace", Trace.forward(f, at, Bindings.of("x1", 1.0).with("x2", 0.0)).toMarkdown());
    blocks.put("adjoint-trace", Trace.reverse(f, at).toMarkdown());
    Jvp e1 = AD.jvp(f, at, Bindings.of("x1", 1.0));
    Jvp e2 = AD.jvp(f, at, Bindings.of("x2", 1.0));
    blocks.put("sweeps", code(
        "AD.jvp(f, at, {x1: 1})   tangent = " + number(e1.tangent()) + "    (forward sweep 1: ∂f/∂x1)",
        "AD.jvp(f, at, {x2: 1})   tangent = " + number(e2.tangent()) + "  (forward sweep 2: ∂f/∂x2)",
        "AD.grad(f, at)           " + gradient(vg.gradient()) + "  (one reverse sweep)"));
    blocks.put("symbolic-gradient", code(
        "Exprs.print(AD.gradExpr(f, \"x1\"))  →  " + Exprs.print(AD.gradExpr(f, "x1")),
        "Exprs.print(AD.gradExpr(f, \"x2\"))  →  " + Exprs.print(AD.gradExpr(f, "x2"))));
    blocks.put("hessian", hessian(AD.hessian(f, at), List.of("x1", "x2")));
    blocks.put("symbolic-hessian", code(
        "∂²f/∂x1²    = " + Exprs.print(AD.gradExpr(AD.gradExpr(f, "x1"), "x1")),
        "∂²f/∂x1∂x2  = " + Exprs.print(AD.gradExpr(AD.gradExpr(f, "x1"), "x2")),
        "∂²f/∂x2²    = " + Exprs.print(AD.gradExpr(AD.gradExpr(f, "x2"), "x2"))));
    UnaryOperator<Expr> outer = AD.grad(x -> x.times(AD.grad(y -> x.plus(y)).apply(x)));
    Expr x = variable("x");
    Expr confused = AD.gradExpr(x.times(AD.gradExpr(x.plus(x), "x")), "x");
    blocks.put("perturbation", code(
        "AD.grad(x -> x.times(AD.grad(y -> x.plus(y)).apply(x))).apply(scalar(3.0))  →  "
            + number(AD.eval(outer.apply(scalar(3.0)), Bindings.of())),
        "the same at a symbolic x: " + Exprs.print(outer.apply(x)),
        "confused (the inner d/dy sees y := x and differentiates x + x by x): "
            + number(AD.eval(confused, Bindings.of()))));
    return blocks;
  }

  /**
   * {@code page} with each generated block replaced by its value in {@code blocks}.
   *
   * @throws IllegalArgumentException if the page's blocks and {@code blocks} have different names
   */
  static String fill(String page, Map<String, String> blocks) {
    if (!blocksOf(page).keySet().equals(blocks.keySet())) {
      throw new IllegalArgumentException("the page has generated blocks " + blocksOf(page).keySet()
          + " but the generator makes " + blocks.keySet());
    }
    Matcher m = BLOCK.matcher(page);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      m.appendReplacement(sb, Matcher.quoteReplacement(
          "<!-- generated:" + name + " -->\n" + blocks.get(name) + "<!-- /generated:" + name + " -->"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The generated blocks of {@code page} by name, as they stand. */
  static Map<String, String> blocksOf(String page) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = BLOCK.matcher(page);
    while (m.find()) {
      if (out.put(m.group(1), m.group(2)) != null) {
        throw new IllegalArgumentException("generated block " + m.group(1) + " appears twice");
      }
    }
    return out;
  }

  /**
   * The lines strictly between {@code // docs:start name} and {@code // docs:end name} of a source
   * file (relative to the module directory), without their common indentation, as a Java code block.
   *
   * @throws IllegalArgumentException if the markers are missing
   */
  static String region(String source, String name) {
    List<String> lines;
    try {
      lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(source));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      if (t.equals("// docs:start " + name)) {
        start = i;
      } else if (t.equals("// docs:end " + name)) {
        end = i;
      }
    }
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("no region " + name + " in " + source);
    }
    List<String> body = lines.subList(start + 1, end);
    int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    StringBuilder sb = new StringBuilder("```java\n");
    body.forEach(l -> sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
    return sb.append("```\n").toString();
  }

  static String code(String... lines) {
    return "```text\n" + String.join("\n", lines) + "\n```\n";
  }

  static String number(Tensor t) {
    return number(t.item());
  }

  static String number(double v) {
    BigDecimal b = BigDecimal.valueOf(v).setScale(Trace.DECIMALS, RoundingMode.HALF_UP);
    return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
  }

  private static String gradient(Map<String, Tensor> g) {
    StringBuilder sb = new StringBuilder("{");
    g.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(number(v)));
    return sb.append('}').toString();
  }

  private static String hessian(Map<String, Map<String, Tensor>> h, List<String> names) {
    StringBuilder sb = new StringBuilder("| ∂²f |");
    names.forEach(b -> sb.append(" ∂").append(b).append(" |"));
    sb.append("\n|:--|").append("--:|".repeat(names.size())).append('\n');
    for (String a : names) {
      sb.append("| ∂").append(a);
      for (String b : names) {
        sb.append(" | ").append(number(h.get(a).get(b)));
      }
      sb.append(" |\n");
    }
    return sb.toString();
  }
}
