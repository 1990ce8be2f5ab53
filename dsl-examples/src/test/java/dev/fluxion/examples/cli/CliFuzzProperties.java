package dev.fluxion.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.text.Formula;
import dev.fluxion.examples.cli.CliRun.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * About 2,000 generated command lines — well-formed and mangled formulas, every formula command,
 * points inside and outside the functions' domains: each run either succeeds (exit 0, nothing on
 * stderr) or prints exactly one line {@code fluxion: ...} and exits 2. Never an internal error, and
 * never a plausible wrong number: every finite gradient of a smooth formula agrees with central
 * differences wherever those are stable.
 */
class CliFuzzProperties {
  private static final long SEED = 9_2026_12_03L;
  private static final String[] VARS = {"x", "y", "z"};
  private static final String[] SMOOTH = {"ln", "log", "exp", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid",
      "softplus"};
  private static final String[] KINKED = {"abs", "relu", "sum", "mean", "max", "min"};
  private static final String[] BINARY_KINKED = {"max", "min", "maximum", "minimum"};
  private static final String[] NUMBERS = {"0", "1", "2.5", ".5", "1e-3", "3", "800", "1e308", "pi", "e"};
  private static final String[] POINTS = {"-2.5", "-1", "-0.5", "0", "0.3", "1", "2", "5", "800", "1e-8"};
  private static final String MANGLE = "()+-*/^,.e1x@# ";
  private static final Pattern ENTRY = Pattern.compile("\"(\\w+)\": (-?[0-9.eE+-]+|\"[^\"]*\")");

  /** A command line; {@code wellFormed}: a formula of the grammar with every variable bound, which must succeed. */
  private record Case(List<String> args, String formula, boolean smooth, boolean wellFormed, Map<String, Double> at) {}

  private static Result run(List<String> args) {
    try {
      return CliRun.run(args);
    } catch (Throwable t) {
      throw new AssertionError("internal error for " + args + ": " + t, t);
    }
  }

  @Nested
  class Generated {
    @Test
    void shouldSucceedOrFailInOneLineAndNeverGiveAWrongGradient() {
      SplittableRandom rnd = new SplittableRandom(SEED);
      int[] counts = new int[2];
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        Case c = generate(rnd);
        try {
          check(c, "case " + i + " " + c.args(), counts);
        } catch (AssertionError e) {
          failures.add(e.getMessage().strip());
        }
      }
      assertTrue(failures.isEmpty(), failures.size() + " of 2000 runs failed, e.g.:\n"
          + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
      assertTrue(counts[0] > 100, "too few gradients were checked against differences: " + counts[0]);
      assertTrue(counts[1] > 100, "too few inputs were rejected, the generator is too tame: " + counts[1]);
    }
  }

  /** Runs one case; counts[0] += gradients checked, counts[1] += clean rejections. */
  private static void check(Case c, String where, int[] counts) {
    Result r = run(c.args());
    assertTrue(r.code() == 0 || !c.wellFormed(), where + ": a well-formed input was rejected: " + r.err());
    if (r.code() == 0) {
      assertTrue(r.err().isEmpty(), where + ": stderr on success: " + r.err());
      assertTrue(!r.out().isBlank(), where + ": no output");
      if (c.args().get(0).equals("grad") && c.smooth()) {
        counts[0] += agreesWithDifferences(c, r.out(), where) ? 1 : 0;
      }
      return;
    }
    assertEquals(2, r.code(), where + ": exit code; stderr: " + r.err());
    String line = r.err().strip();
    assertTrue(line.startsWith("fluxion: ") && line.lines().count() == 1, where + ": not one line: " + r.err());
    assertTrue(!line.contains("Exception") && !line.matches(".*\\bnull\\b.*"), where + ": internal message: " + line);
    counts[1]++;
  }

  @Nested
  class Large {
    @Test
    void shouldTraceLongFormulasWithOutputLinearInTheirLength() {
      for (int terms : new int[] {10, 300, 3000}) {
        StringBuilder f = new StringBuilder("x");
        for (int k = 1; k < terms; k++) {
          f.append(k % 2 == 0 ? " + " : " * ").append("sin(x + ").append(k).append(')');
        }
        for (String mode : new String[] {"forward", "reverse"}) {
          for (boolean md : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(List.of("trace", "--mode", mode, f.toString(), "--at", "x=0.5"));
            if (md) {
              args.add("--markdown");
            }
            Result r = run(args);
            assertEquals(0, r.code(), r.err());
            int perTerm = r.out().length() / terms;
            assertTrue(perTerm < 1500, terms + " terms, " + mode + (md ? " markdown" : "") + ": " + perTerm
                + " characters of trace per term");
          }
        }
      }
    }
  }

  /** Checks each finite gradient entry against a Richardson-extrapolated central difference. */
  private static boolean agreesWithDifferences(Case c, String json, String where) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = ENTRY.matcher(json);
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    String value = fields.remove("value");
    if (value == null || value.startsWith("\"")) {
      return false;
    }
    Expr f = Formula.parse(c.formula());
    double f0 = Double.parseDouble(value);
    boolean any = false;
    for (Map.Entry<String, String> g : fields.entrySet()) {
      if (g.getValue().startsWith("\"") || !c.at().containsKey(g.getKey())) {
        continue;
      }
      double grad = Double.parseDouble(g.getValue());
      double x = c.at().get(g.getKey());
      double h = 1e-4 * Math.max(1, Math.abs(x));
      double d1 = central(f, c.at(), g.getKey(), h);
      double d2 = central(f, c.at(), g.getKey(), h / 2);
      double scale = Math.max(1, Math.abs(d2));
      double rounding = Math.abs(f0) * 1e-15 / h; // differences cannot resolve a slope below this
      if (!Double.isFinite(d1) || !Double.isFinite(d2) || Math.abs(d1 - d2) > 1e-5 * scale || rounding > 1e-7 * scale) {
        continue;
      }
      double fd = (4 * d2 - d1) / 3;
      if (Math.abs(grad - fd) > 1e-5 * Math.max(scale, Math.abs(grad))) {
        fail(where + ": d/d" + g.getKey() + " = " + grad + " but central differences give " + fd);
      }
      any = true;
    }
    return any;
  }

  private static double central(Expr f, Map<String, Double> at, String name, double h) {
    return (eval(f, at, name, h) - eval(f, at, name, -h)) / (2 * h);
  }

  private static double eval(Expr f, Map<String, Double> at, String name, double dx) {
    Bindings b = Bindings.of();
    for (Map.Entry<String, Double> e : at.entrySet()) {
      b = b.with(e.getKey(), e.getValue() + (e.getKey().equals(name) ? dx : 0));
    }
    return AD.eval(f, b).item();
  }

  private static Case generate(SplittableRandom rnd) {
    boolean smooth = rnd.nextInt(3) != 0;
    String formula = expr(rnd, 0, smooth);
    boolean mangled = rnd.nextInt(6) == 0;
    if (mangled) {
      smooth = false;
      StringBuilder s = new StringBuilder(formula);
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        int at = rnd.nextInt(s.length() + 1);
        if (rnd.nextBoolean() && at < s.length()) {
          s.deleteCharAt(at);
        } else {
          s.insert(at, MANGLE.charAt(rnd.nextInt(MANGLE.length())));
        }
      }
      formula = s.toString();
    }
    Map<String, Double> at = new LinkedHashMap<>();
    StringBuilder point = new StringBuilder();
    boolean wellFormed = !mangled;
    for (String v : VARS) {
      boolean written = Pattern.compile("\\b" + v + "\\b").matcher(formula).find();
      boolean bind = written && rnd.nextInt(12) != 0;
      wellFormed &= bind || !written;
      if (bind) {
        String p = POINTS[rnd.nextInt(POINTS.length)];
        at.put(v, Double.parseDouble(p));
        point.append(point.isEmpty() ? "" : ",").append(v).append('=').append(p);
      }
    }
    if (rnd.nextInt(25) == 0) {
      point.append(rnd.nextBoolean() ? ",w=1" : ",x=");
      wellFormed = false;
    }
    String command = switch (rnd.nextInt(10)) {
      case 0, 1, 2, 3 -> "grad";
      case 4, 5 -> "hessian";
      case 6, 7 -> "eval";
      case 8 -> "trace";
      default -> "dot";
    };
    if (command.equals("dot")) {
      wellFormed = !mangled;
    }
    if (command.equals("trace") && at.isEmpty() || formula.matches("--\\w+")) {
      wellFormed = false; // a trace needs a variable; "--x" alone reads as an unknown option
    }
    List<String> args = new ArrayList<>(List.of(command));
    boolean before = rnd.nextBoolean() && !command.equals("dot");
    if (before) {
      args.addAll(List.of("--at", point.toString()));
    }
    args.add(formula);
    if (!before && !command.equals("dot")) {
      args.addAll(List.of("--at", point.toString()));
    }
    switch (command) {
      case "grad", "hessian" -> args.add("--json");
      case "trace" -> args.addAll(List.of("--mode", rnd.nextBoolean() ? "forward" : "reverse"));
      case "dot" -> {
        if (rnd.nextBoolean()) {
          args.add("--gradient");
        }
      }
      default -> { }
    }
    return new Case(args, formula, smooth, wellFormed, at);
  }

  private static String expr(SplittableRandom rnd, int depth, boolean smooth) {
    int choice = depth >= 4 ? rnd.nextInt(2) : rnd.nextInt(9);
    return switch (choice) {
      case 0 -> VARS[rnd.nextInt(VARS.length)];
      case 1 -> rnd.nextInt(3) == 0 ? NUMBERS[rnd.nextInt(NUMBERS.length)] : VARS[rnd.nextInt(VARS.length)];
      case 2, 3 -> expr(rnd, depth + 1, smooth) + " " + "+-*/".charAt(rnd.nextInt(4)) + " " + expr(rnd, depth + 1, smooth);
      case 4 -> "(" + expr(rnd, depth + 1, smooth) + ")^" + (rnd.nextBoolean() ? "2" : expr(rnd, depth + 1, smooth));
      case 5 -> "-" + expr(rnd, depth + 1, smooth);
      case 6 -> "pow(" + expr(rnd, depth + 1, smooth) + ", " + expr(rnd, depth + 1, smooth) + ")";
      case 7 -> smooth || rnd.nextBoolean()
          ? SMOOTH[rnd.nextInt(SMOOTH.length)] + "(" + expr(rnd, depth + 1, smooth) + ")"
          : KINKED[rnd.nextInt(KINKED.length)] + "(" + expr(rnd, depth + 1, smooth) + ")";
      default -> smooth
          ? "(" + expr(rnd, depth + 1, smooth) + ")"
          : BINARY_KINKED[rnd.nextInt(BINARY_KINKED.length)] + "(" + expr(rnd, depth + 1, smooth) + ", "
              + expr(rnd, depth + 1, smooth) + ")";
    };
  }
}
