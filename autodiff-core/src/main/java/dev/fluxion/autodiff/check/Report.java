package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a {@link GradCheck}: the failed comparisons and, for an expression, the first
 * node whose own rule disagrees with finite differences; or the kink the point lies on.
 *
 * @param subject what was checked, as printed
 * @param failures one per failed comparison; empty if all passed (or if the point is on a kink)
 * @param culprit the smallest subexpression with a wrong local rule, if localized; else null
 * @param kink the kink of a non-differentiable op the point lies on (then nothing was compared); else null
 * @param dtype float32 if the subject computes in float32 anywhere (then it was checked against its
 *     float64 twin), else float64
 * @param rtol the relative tolerance of the comparisons in {@code dtype}: {@link Options#float32Rtol()}
 *     for float32, {@link Options#rtol()} for float64
 */
public record Report(String subject, List<Failure> failures, @Nullable Culprit culprit, @Nullable Kink kink,
    DType dtype, double rtol) {
  /** Copies the list. */
  public Report {
    Checks.notNull(subject, "subject");
    failures = List.copyOf(Checks.notNull(failures, "failures"));
    Checks.notNull(dtype, "dtype");
  }

  /**
   * A report of a float64 check at the default tolerance.
   *
   * @param subject what was checked, as printed
   * @param failures one per failed comparison
   * @param culprit the culprit, or null
   * @param kink the kink, or null
   */
  public Report(String subject, List<Failure> failures, @Nullable Culprit culprit, @Nullable Kink kink) {
    this(subject, failures, culprit, kink, DType.FLOAT64, Options.defaults().rtol());
  }

  /**
   * A report of a float64 check at the default tolerance, without a kink.
   *
   * @param subject what was checked, as printed
   * @param failures one per failed comparison
   * @param culprit the culprit, or null
   */
  public Report(String subject, List<Failure> failures, @Nullable Culprit culprit) {
    this(subject, failures, culprit, null);
  }

  /** {@return true if every comparison passed; false on a kink, where nothing could be verified} */
  public boolean passed() {
    return failures.isEmpty() && kink == null;
  }

  /**
   * {@return this report with {@code culprit}}
   *
   * @param culprit the smallest subexpression with a wrong local rule, or null for none
   */
  public Report withCulprit(@Nullable Culprit culprit) {
    return new Report(subject, failures, culprit, kink, dtype, rtol);
  }

  @Override
  public String toString() {
    String what = subject + (dtype == DType.FLOAT64 ? "" : " (" + dtype + " against its float64 twin, rtol "
        + String.format(java.util.Locale.ROOT, "%.3g", rtol) + ")");
    if (kink != null) {
      return "GradCheck could not verify " + what + ": " + kink;
    }
    if (passed()) {
      return "GradCheck passed for " + what;
    }
    StringBuilder sb = new StringBuilder("GradCheck FAILED for ").append(what).append(": ")
        .append(failures.size()).append(failures.size() == 1 ? " failure" : " failures");
    failures.forEach(f -> sb.append("\n  ").append(f));
    if (culprit != null) {
      sb.append("\n  ").append(culprit);
    }
    return sb.toString();
  }

  /**
   * One failed comparison, at its worst entry.
   *
   * @param check the {@link CheckKind} that failed
   * @param variable the variable (or {@code "arg i"} of a node, or {@code "output"}, or
   *     {@code "<u, Jv>"} for a scalar identity)
   * @param index the worst entry's multi-index; empty for a scalar
   * @param expected the reference value (finite differences, or the other mode)
   * @param actual the value under test
   * @param error {@code |actual - expected|}
   * @param allowed the tolerance at that entry
   */
  public record Failure(CheckKind check, String variable, List<Integer> index, double expected, double actual,
      double error, double allowed) {
    /** Copies the index. */
    public Failure {
      Checks.notNull(check, "check");
      Checks.notNull(variable, "variable");
      index = List.copyOf(Checks.notNull(index, "index"));
    }

    @Override
    public String toString() {
      return check.description() + ": " + variable + (index.isEmpty() ? "" : index.toString()) + " expected "
          + expected + ", actual " + actual + ", error " + String.format(java.util.Locale.ROOT, "%.3g", error) + " (allowed "
          + String.format(java.util.Locale.ROOT, "%.3g", allowed) + ")";
    }
  }

  /**
   * The first node, in topological order, whose op's own JVP or VJP rule disagrees with finite
   * differences of the op's value kernel at the node's actual argument values.
   *
   * @param node the subexpression whose own rule is wrong
   * @param op the op's name
   * @param failure the failed comparison of its rule
   */
  public record Culprit(Expr node, String op, Failure failure) {
    /** Validates the components. */
    public Culprit {
      Checks.notNull(node, "node");
      Checks.notNull(op, "op");
      Checks.notNull(failure, "failure");
    }

    @Override
    public String toString() {
      return "first bad node: " + Exprs.print(node) + " (op " + op + "): " + failure;
    }
  }

  /**
   * A node evaluated exactly on a kink of its op (relu, step, abs, sign or leaky relu at 0, a tie of
   * {@code maximum}/{@code minimum}, of a {@code max} reduction or of a max-pooling window, a comparison at equality, such as
   * {@code where}'s condition on its boundary). Its rules follow a convention there, so finite
   * differences across the kink cannot verify them.
   *
   * @param node the subexpression evaluated on its op's kink
   * @param op the op's name
   * @param index the flat index of the first element of the node's first argument on the kink
   */
  public record Kink(Expr node, String op, int index) {
    /** Validates the components. */
    public Kink {
      Checks.notNull(node, "node");
      Checks.notNull(op, "op");
    }

    @Override
    public String toString() {
      return "point lies on a kink of " + op + " at node " + Exprs.print(node) + " (element " + index
          + " of its argument), choose another point";
    }
  }
}
