package dev.fluxion.autodiff.docs;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.Dual;
import dev.fluxion.autodiff.ad.Jvp;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The generated blocks of {@value #PATH}. Blocks named {@code measured-…} hold wall-clock timings:
 * they are written only by an update run and checked for structure and consistency, not re-measured
 * (see {@link #checkTimings}).
 */
final class TourPage {
  /** The page, relative to the repository root. */
  static final String PATH = "docs/autodiff-tour.md";
  /** The (n, m) of the Jacobian cost table: f maps R^n to R^m. */
  static final List<int[]> SIZES = List.of(new int[] {1, 100}, new int[] {10, 10}, new int[] {100, 1},
      new int[] {2, 400}, new int[] {400, 2});
  /** The command that regenerates the page (and re-measures). */
  static final String COMMAND = "mvn -B -q test -pl autodiff-core -Dtest=DocsPagesTest -Dfluxion.docs.update=true";
  static final int WARMUP = 5;
  static final int RUNS = 11;

  private TourPage() {}

  /** The blocks whose content is exact, by name. */
  static Map<String, String> blocks() {
    Map<String, String> survey = DocsPages.forwardAndReverse();
    Map<String, String> blocks = new LinkedHashMap<>();
    blocks.put("dual-numbers", dualNumbers());
    blocks.put("survey-values", survey.get("survey-values"));
    blocks.put("primal-trace", survey.get("primal-trace"));
    blocks.put("sweeps", survey.get("sweeps"));
    blocks.put("jacobian-sweeps", jacobianSweeps());
    blocks.put("swell", SwellPage.swell());
    blocks.put("swell-tanh", SwellPage.swellTanh());
    blocks.put("swell-survey", SwellPage.swellSurvey());
    blocks.put("hessian-size", SwellPage.hessianSize());
    blocks.put("swell-example", SwellPage.swellExample());
    blocks.put("hessian-hvp", hessianAndHvp());
    blocks.put("perturbation", survey.get("perturbation"));
    blocks.put("scan", ScanPage.table());
    blocks.put("while-loop", WhileLoopPage.table());
    blocks.put("custom", CustomPage.table());
    blocks.put("vmap", VmapPage.table());
    blocks.put("remat", RematPage.table());
    return blocks;
  }

  // ------------------------------------------------------------------ dual numbers

  private static String dualNumbers() {
    Dual x1 = Dual.variable(2.0);
    Dual x2 = Dual.constant(5.0);
    Dual f = x1.log().plus(x1.times(x2)).minus(x2.sin());
    Expr v1 = variable("x1");
    Expr v2 = variable("x2");
    Jvp r = AD.jvp(log(v1).plus(v1.times(v2)).minus(sin(v2)), Bindings.of("x1", 2.0).with("x2", 5.0),
        Bindings.of("x1", 1.0));
    boolean same = r.value().equals(f.primal()) && r.tangent().equals(f.tangent());
    UnaryOperator<Dual> g = x -> x.sin().times(x.exp());
    Dual tower = g.apply(Dual.of(Dual.variable(0.5), Dual.constant(1.0)));
    double twice = Dual.derivative(Dual.derivative(g)).apply(Dual.constant(0.5)).primal().item();
    double hessian = AD.hessian(sin(variable("x")).times(exp(variable("x"))), Bindings.of("x", 0.5), "x").item();
    UnaryOperator<Dual> outer = x -> x.times(Dual.derivative(y -> x.plus(y)).apply(Dual.constant(1.0)));
    return DocsPages.code(
        "f(x1, x2) = ln(x1) + x1·x2 − sin(x2) on duals at (2, 5), tangent along x1:",
        "  Dual x1 = Dual.variable(2.0);                       // 2 + 1ε",
        "  Dual x2 = Dual.constant(5.0);                       // 5 + 0ε",
        "  Dual f = x1.log().plus(x1.times(x2)).minus(x2.sin());",
        "  f.primal() = " + DocsPages.number(f.primal()) + "   f.tangent() = " + DocsPages.number(f.tangent())
            + "   (AD.jvp along x1: the same bits: " + (same ? "yes" : "NO") + ")",
        "",
        "a dual of duals, x = (0.5 + 1ε) + (1 + 0ε)ε′, and g(x) = sin(x)·exp(x):",
        "  Dual y = g.apply(Dual.of(Dual.variable(0.5), Dual.constant(1.0)));",
        "  y.tangent()               = g′(0.5)  = " + DocsPages.number(tower.tangent()),
        "  y.tangentPart().tangent() = g″(0.5)  = " + DocsPages.number(tower.tangentPart().tangent()),
        "  Dual.derivative(Dual.derivative(g)) at 0.5 = " + DocsPages.number(twice)
            + "   AD.hessian = " + DocsPages.number(hessian) + "   by hand 2e^0.5 cos 0.5 = "
            + DocsPages.number(2 * Math.exp(0.5) * Math.cos(0.5)),
        "",
        "tagged perturbations, d/dx [x · d/dy (x + y)] at x = 3 (a confused answer is 2):",
        "  outer = x -> x.times(Dual.derivative(y -> x.plus(y)).apply(Dual.constant(1.0)));",
        "  Dual.derivative(outer).apply(Dual.constant(3.0)).primal() = "
            + DocsPages.number(Dual.derivative(outer).apply(Dual.constant(3.0)).primal()));
  }

  // ------------------------------------------------------------------ Jacobian cost

  /** f: R^n -> R^m, f(x) = tanh(W sin(x)) with a fixed random W [m, n]; every sweep touches all m·n weights. */
  static Expr jacobianTestFunction(int n, int m, UnaryOperator<Expr> onInput) {
    Tensor w = Tensor.uniform(Key.of(1000L * n + m), Shape.of(m, n), -1, 1);
    Expr x = onInput.apply(variable("x", n));
    return tanh(sum(constant(w).times(sin(x)), new int[] {1}, false));
  }

  static Bindings jacobianTestPoint(int n) {
    return Bindings.of("x", Tensor.uniform(Key.of(n), Shape.of(n), -1, 1));
  }

  private static String jacobianSweeps() {
    StringBuilder sb = new StringBuilder(
        "| n | m | jacfwd: evaluations of f | jacfwd: forward sweeps | jacrev: evaluations of f | jacrev: reverse sweeps | same Jacobian |\n"
            + "|--:|--:|--:|--:|--:|--:|:--|\n");
    for (int[] nm : SIZES) {
      int n = nm[0];
      int m = nm[1];
      Probe fwd = new Probe();
      Probe rev = new Probe();
      Bindings at = jacobianTestPoint(n);
      Tensor jf = AD.jacfwd(jacobianTestFunction(n, m, fwd::of), at, "x");
      Tensor jr = AD.jacrev(jacobianTestFunction(n, m, rev::of), at, "x");
      double[] a = jf.toArray();
      double[] b = jr.toArray();
      double worst = 0;
      for (int i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
      sb.append("| ").append(n).append(" | ").append(m).append(" | ").append(fwd.evaluations()).append(" | ")
          .append(fwd.forwardSweeps()).append(" | ").append(rev.evaluations()).append(" | ")
          .append(rev.reverseSweeps()).append(" | ").append(worst <= 1e-12 ? "yes (to 1e-12)" : "NO: " + worst)
          .append(" |\n");
    }
    return sb.toString();
  }

  /** The measured block: machine, protocol, and the median time of jacfwd and jacrev per size. */
  static String timings() {
    List<Object[]> cases = new ArrayList<>();
    for (int[] nm : SIZES) {
      cases.add(new Object[] {jacobianTestFunction(nm[0], nm[1], x -> x), jacobianTestPoint(nm[0])});
    }
    for (int w = 0; w < WARMUP; w++) {
      for (Object[] c : cases) {
        AD.jacfwd((Expr) c[0], (Bindings) c[1], "x");
        AD.jacrev((Expr) c[0], (Bindings) c[1], "x");
      }
    }
    double[][] medians = new double[SIZES.size()][];
    for (int i = 0; i < SIZES.size(); i++) {
      Expr f = (Expr) cases.get(i)[0];
      Bindings at = (Bindings) cases.get(i)[1];
      double[] fwd = new double[RUNS];
      double[] rev = new double[RUNS];
      for (int r = 0; r < RUNS; r++) {
        long t0 = System.nanoTime();
        AD.jacfwd(f, at, "x");
        long t1 = System.nanoTime();
        AD.jacrev(f, at, "x");
        long t2 = System.nanoTime();
        fwd[r] = (t1 - t0) / 1e6;
        rev[r] = (t2 - t1) / 1e6;
      }
      medians[i] = new double[] {median(fwd), median(rev)};
    }
    return timingsFor(medians);
  }

  /** The timing block for median times {@code medians[i] = {jacfwd ms, jacrev ms}} of {@code SIZES[i]}, on this machine. */
  static String timingsFor(double[][] medians) {
    StringBuilder sb = new StringBuilder("```text\n");
    sb.append("Machine: ").append(machine()).append('\n');
    sb.append("JDK:     ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.runtime.version")).append('\n');
    sb.append("Load:    ").append(loadAverage()).append(" (1/5/15-minute load average when measured)\n");
    sb.append("Method:  median of ").append(RUNS).append(" calls after ").append(WARMUP)
        .append(" warm-up calls of each, jacfwd and jacrev alternating\n");
    sb.append("Command: ").append(COMMAND).append('\n');
    sb.append("```\n\n");
    sb.append("| n | m | jacfwd median | jacrev median | faster |\n|--:|--:|--:|--:|:--|\n");
    for (int i = 0; i < SIZES.size(); i++) {
      double mf = medians[i][0];
      double mr = medians[i][1];
      String faster = mf <= mr ? "jacfwd" : "jacrev";
      sb.append("| ").append(SIZES.get(i)[0]).append(" | ").append(SIZES.get(i)[1]).append(" | ")
          .append(ms(mf)).append(" | ").append(ms(mr)).append(" | ").append(faster).append(", ")
          .append(String.format(Locale.ROOT, "%.1f", Math.max(mf, mr) / Math.min(mf, mr))).append("×").append(" |\n");
    }
    return sb.toString();
  }

  /**
   * Checks a recorded timing block: the header lines, one row per size in order, positive times,
   * a "faster" cell that agrees with the recorded times, and — the claim the page makes — that
   * for n ≠ m the mode with fewer sweeps was the faster one.
   *
   * @throws AssertionError describing the first inconsistency
   */
  static void checkTimings(String block) {
    for (String prefix : List.of("Machine: ", "JDK:     ", "Load:    ", "Method:  ", "Command: " + COMMAND)) {
      if (block.lines().noneMatch(l -> l.startsWith(prefix))) {
        throw new AssertionError("timing block lacks a line starting with '" + prefix + "'");
      }
    }
    List<String> rows = block.lines().filter(l -> l.matches("\\| \\d+ \\| \\d+ \\|.*")).toList();
    if (rows.size() != SIZES.size()) {
      throw new AssertionError("timing block has " + rows.size() + " rows, expected " + SIZES.size());
    }
    for (int i = 0; i < rows.size(); i++) {
      String[] c = rows.get(i).split("\\|");
      int n = Integer.parseInt(c[1].trim());
      int m = Integer.parseInt(c[2].trim());
      if (n != SIZES.get(i)[0] || m != SIZES.get(i)[1]) {
        throw new AssertionError("row " + (i + 1) + " is for (" + n + ", " + m + ")");
      }
      double fwd = parseMs(c[3]);
      double rev = parseMs(c[4]);
      String faster = c[5].trim();
      String expected = fwd <= rev ? "jacfwd" : "jacrev";
      if (!(fwd > 0 && rev > 0) || !faster.startsWith(expected + ", ")) {
        throw new AssertionError("row " + rows.get(i) + ": the faster column disagrees with the times");
      }
      if (n != m && !expected.equals(n < m ? "jacfwd" : "jacrev")) {
        throw new AssertionError("row " + rows.get(i) + ": the mode with fewer sweeps was not the faster one");
      }
    }
  }

  private static double parseMs(String cell) {
    String s = cell.trim();
    if (!s.endsWith(" ms")) {
      throw new AssertionError("not a time in ms: " + s);
    }
    return Double.parseDouble(s.substring(0, s.length() - 3));
  }

  private static String ms(double v) {
    return (v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v)) + " ms";
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
    } catch (IOException | RuntimeException e) {
      // not Linux: keep "unknown CPU"
    }
    return System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " + cpu + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs available to the JVM";
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  // ------------------------------------------------------------------ expression swell

  private static String hessianAndHvp() {
    double[] x0 = {0.5, -1.0, 2.0};
    double[] v = {1.0, 0.0, -1.0};
    Probe full = new Probe();
    Probe once = new Probe();
    Bindings at = Bindings.of("x", Tensor.vector(x0));
    Tensor h = AD.hessian(logSumExp(full.of(variable("x", 3)), 0, false), at, "x");
    Tensor hv = AD.hvp(logSumExp(once.of(variable("x", 3)), 0, false), at, Bindings.of("x", Tensor.vector(v)))
        .get("x");
    double z = 0;
    for (double xi : x0) {
      z += Math.exp(xi);
    }
    double[] p = new double[3];
    for (int i = 0; i < 3; i++) {
      p[i] = Math.exp(x0[i]) / z;
    }
    List<String> lines = new ArrayList<>();
    lines.add("f(x) = logSumExp(x),  x = (0.5, -1, 2),  v = (1, 0, -1)");
    lines.add("");
    lines.add("AD.hessian(f, at, \"x\")          diag(p) − p pᵀ, p = softmax(x), by hand");
    double[] hv2 = new double[3];
    for (int i = 0; i < 3; i++) {
      StringBuilder row = new StringBuilder();
      StringBuilder ref = new StringBuilder();
      for (int j = 0; j < 3; j++) {
        row.append(String.format(Locale.ROOT, "%8s", DocsPages.number(h.get(i, j))));
        ref.append(String.format(Locale.ROOT, "%8s", DocsPages.number((i == j ? p[i] : 0) - p[i] * p[j])));
        hv2[i] += h.get(i, j) * v[j];
      }
      lines.add(row + "        " + ref);
    }
    lines.add("");
    lines.add("AD.hvp(f, at, {x: v})          = " + vector(hv.toArray()));
    lines.add("(AD.hessian(f, at, \"x\")) · v   = " + vector(hv2));
    lines.add("");
    lines.add("forward sweeps over the gradient graph: AD.hessian " + full.forwardSweeps() + ", AD.hvp "
        + once.forwardSweeps());
    return DocsPages.code(lines.toArray(new String[0]));
  }

  private static String vector(double[] v) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(DocsPages.number(v[i]));
    }
    return sb.append(')').toString();
  }
}
