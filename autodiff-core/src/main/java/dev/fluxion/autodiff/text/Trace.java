package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An evaluation trace (Wengert list) of an expression, as in the evaluation-trace tables of
 * Baydin et al., "Automatic differentiation in machine learning: a survey" (JMLR 2018).
 *
 * <p>With {@code n} variables, the inputs are {@code v(1-n) … v0} in order of first
 * appearance; every op application is one intermediate {@code v1, v2, …}, ordered by level
 * (the longest path from a leaf), ties by first appearance; the output is the last. Constants
 * are written inline. For {@code ln(x1) + x1 * x2 - sin(x2)} this gives the survey's
 * {@code v1 = ln v-1}, {@code v2 = v-1 × v0}, {@code v3 = sin v0}, {@code v4 = v1 + v2},
 * {@code v5 = v4 − v3}.
 *
 * <p>Derivative rules are the ops' own JVP/VJP rules applied to the placeholders
 * {@code v_i}, {@code v̇_i}, {@code v̄_i} and printed. Tangent values come from the library's
 * forward sweep. A reverse trace runs the reverse sweep step by step, as the survey's Table 3
 * prints it: visiting the rows from the output back, each row passes one contribution to each
 * of its arguments, and an argument used several times accumulates them, e.g.
 * {@code v̄0 = v̄3 ∂v3/∂v0 = v̄3 × cos v0 = −0.284}, later
 * {@code v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v-1 = 1.716} (see {@link Step}). {@code ×} is the
 * ordinary (IEEE) product, {@code ·} the strong-zero product of masks ({@code 0 · ∞ = 0}).
 *
 * <p>Rendered tables stay linear in the size of the trace: a formula cell wider than
 * {@value #MAX_CELL_WIDTH} characters is cut and ends in {@code …}, and a note under the table
 * says so. Values are never cut.
 *
 * @param kind primal only, forward (tangents) or reverse (adjoints)
 * @param rows the rows in evaluation order; in a {@link Kind#REVERSE} trace each carries its
 *     finished adjoint
 * @param steps the steps of the reverse sweep in sweep order (output seed first); empty unless
 *     the kind is {@link Kind#REVERSE}
 * @param output the name of the output row, e.g. {@code v5}
 */
public record Trace(Kind kind, List<Row> rows, List<Step> steps, String output) {
  /** The default number of decimals in rendered values. */
  public static final int DECIMALS = 3;
  /** The widest formula cell of a rendered table, in characters; wider ones are cut and end in {@code …}. */
  public static final int MAX_CELL_WIDTH = 80;

  /** What a trace shows besides the primal values. */
  public enum Kind {
    /** Primal values only. */
    PRIMAL,
    /** Primal values and tangents {@code v̇_i}. */
    FORWARD,
    /** Primal values and adjoints {@code v̄_i}. */
    REVERSE
  }

  /**
   * One trace row: {@code name = operation = value}, with its tangent or adjoint.
   *
   * @param index the survey index {@code i} of {@code v_i}: {@code 1-n … 0} for inputs, then {@code 1, 2, …}
   * @param name {@code v} followed by the index, e.g. {@code v-1}
   * @param operation the defining operation over earlier rows, e.g. {@code ln v-1}; for an input, its variable name
   * @param value the primal value
   * @param derivative the tangent or adjoint; null in a {@link Kind#PRIMAL} trace
   */
  public record Row(int index, String name, String operation, Tensor value, @Nullable Derivative derivative) {
    /** Validates the components. */
    public Row {
      Checks.notNull(name, "name");
      Checks.notNull(operation, "operation");
      Checks.notNull(value, "value");
    }
  }

  /**
   * A tangent or adjoint of a row: {@code name = rule = value}.
   *
   * @param name the decorated name, e.g. {@code v̇1} or {@code v̄0}
   * @param rule for a tangent, its JVP rule over placeholders, e.g. {@code v̇-1 × v0 + v̇0 × v-1},
   *     or for an input its seed ({@code ẋ1}); for a finished adjoint, the sum over its uses in
   *     sweep order, e.g. {@code v̄3 ∂v3/∂v0 + v̄2 ∂v2/∂v0}, the output's seed {@code ȳ}, or
   *     {@code 0} when no use contributes
   * @param value its value, shape of the row's value
   */
  public record Derivative(String name, String rule, Tensor value) {
    /** Validates the components. */
    public Derivative {
      Checks.notNull(name, "name");
      Checks.notNull(rule, "rule");
      Checks.notNull(value, "value");
    }
  }

  /**
   * One step of the reverse sweep: the output's seed, a row's zero adjoint, or one contribution
   * {@code v̄_source ∂v_source/∂v_row} of a use of {@code v_row}, written
   * {@code v̄0 = v̄3 ∂v3/∂v0 = v̄3 × cos v0} for the first contribution and
   * {@code v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v-1} for later ones.
   *
   * @param row the name of the row whose adjoint the step sets, e.g. {@code v0}
   * @param source the row whose use contributes, e.g. {@code v3}; null for the output's seed
   *     {@code ȳ} and for a row no use contributes to ({@code 0})
   * @param rule the right-hand side over placeholders: the VJP rule ({@code v̄3 × cos v0}),
   *     preceded by the running adjoint when the step accumulates ({@code v̄0 + v̄2 × v-1}), or
   *     {@code ȳ} or {@code 0}
   * @param accumulates whether the step adds to a contribution already made
   * @param value the adjoint of {@code row} after the step, shape of the row's value
   */
  public record Step(String row, @Nullable String source, String rule, boolean accumulates, Tensor value) {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a component other than {@code source} is null, or
     *     an accumulating step has no source
     */
    public Step {
      Checks.notNull(row, "row");
      Checks.notNull(rule, "rule");
      Checks.notNull(value, "value");
      if (accumulates && source == null) {
        throw new IllegalArgumentException("step for " + row + " accumulates but has no source row");
      }
    }

    /** {@return the decorated adjoint name, e.g. {@code v̄0}} */
    public String name() {
      return Notation.decorate(row, TraceBuilder.BAR);
    }

    /**
     * {@return the step as the survey writes it, e.g. {@code v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v-1}}
     */
    public String formula() {
      String name = name();
      if (source == null) {
        return name + " = " + rule;
      }
      String partial = Notation.decorate(source, TraceBuilder.BAR) + " ∂" + source + "/∂" + row;
      return name + " = " + (accumulates ? name + " + " : "") + partial + " = " + rule;
    }
  }

  /**
   * Validates and copies the rows and steps.
   *
   * @throws IllegalArgumentException if a component is null, a row's derivative does not fit
   *     the kind, or there are steps in a trace that is not {@link Kind#REVERSE} or none in one that is
   */
  public Trace {
    Checks.notNull(kind, "kind");
    Checks.notNull(output, "output");
    rows = List.copyOf(Checks.notNull(rows, "rows"));
    steps = List.copyOf(Checks.notNull(steps, "steps"));
    for (Row r : rows) {
      if ((r.derivative() == null) != (kind == Kind.PRIMAL)) {
        throw new IllegalArgumentException("row " + r.name() + " of a " + kind + " trace "
            + (kind == Kind.PRIMAL ? "has" : "lacks") + " a derivative");
      }
    }
    if (steps.isEmpty() == (kind == Kind.REVERSE)) {
      throw new IllegalArgumentException("a " + kind + " trace " + (kind == Kind.REVERSE
          ? "needs the steps of its reverse sweep" : "has no reverse-sweep steps, got " + steps.size()));
    }
  }

  /**
   * {@return the primal trace of {@code f} at {@code at}}
   *
   * @param f an expression with at least one op or variable
   * @param at a value for every variable of {@code f}, of its shape
   * @throws IllegalArgumentException if {@code f} is a constant, or on missing, unknown or misshapen bindings
   */
  public static Trace primal(Expr f, Bindings at) {
    return TraceBuilder.build(Kind.PRIMAL, f, at, Bindings.of(), null);
  }

  /**
   * {@return the forward (tangent) trace of {@code f} at {@code at}: {@code v̇_i} for the seed {@code tangents}}
   *
   * @param f an expression with at least one op or variable
   * @param at a value for every variable of {@code f}, of its shape
   * @param tangents seeds {@code ẋ} for some variables, each of its variable's shape; others are zero
   * @throws IllegalArgumentException if {@code f} is a constant, or on missing, unknown or misshapen bindings
   */
  public static Trace forward(Expr f, Bindings at, Bindings tangents) {
    return TraceBuilder.build(Kind.FORWARD, f, at, Checks.notNull(tangents, "tangents"), null);
  }

  /**
   * {@return the reverse (adjoint) trace of {@code f} at {@code at} with output cotangent ones: for a
   * scalar {@code f}, the input adjoints are its gradient}
   *
   * @param f an expression with at least one op or variable
   * @param at a value for every variable of {@code f}, of its shape
   * @throws IllegalArgumentException if {@code f} is a constant, or on missing, unknown or misshapen bindings
   */
  public static Trace reverse(Expr f, Bindings at) {
    Checks.notNull(f, "f");
    return reverse(f, at, Tensor.ones(f.shape(), f.dtype()));
  }

  /**
   * {@return the reverse (adjoint) trace of {@code f} at {@code at} seeded with {@code ȳ = cotangent}}
   *
   * @param f an expression with at least one op or variable
   * @param at a value for every variable of {@code f}, of its shape
   * @param cotangent the output adjoint {@code ȳ}, shape of {@code f}
   * @throws IllegalArgumentException if {@code f} is a constant, the cotangent has another shape,
   *     or on missing, unknown or misshapen bindings
   */
  public static Trace reverse(Expr f, Bindings at, Tensor cotangent) {
    return TraceBuilder.build(Kind.REVERSE, f, at, Bindings.of(), Checks.notNull(cotangent, "cotangent"));
  }

  /**
   * {@return the row called {@code name}}
   *
   * @param name a row name such as {@code "v-1"} or {@code "v5"}
   * @throws IllegalArgumentException if there is none
   */
  public Row row(String name) {
    Checks.notNull(name, "name");
    for (Row r : rows) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no row " + name + " (rows: " + rows.stream().map(Row::name).toList() + ")");
  }

  /** {@return the trace as aligned plain-text columns, values to {@value #DECIMALS} decimals} */
  public String toText() {
    return toText(DECIMALS);
  }

  /**
   * {@return the trace as aligned plain-text columns: one table, or for a reverse trace the
   * primal table and then the adjoint table}
   *
   * @param decimals decimals of rendered values, 0 to 15 (trailing zeros are dropped)
   * @throws IllegalArgumentException if {@code decimals} is out of range
   */
  public String toText(int decimals) {
    StringBuilder sb = new StringBuilder();
    writeText(sb, decimals);
    return sb.toString();
  }

  /**
   * Writes {@link #toText(int)} to {@code out} row by row, without building the whole text.
   *
   * @param out where to write, e.g. a {@code PrintWriter}
   * @param decimals decimals of rendered values, 0 to 15
   * @throws IllegalArgumentException if {@code decimals} is out of range
   * @throws UncheckedIOException if {@code out} fails
   */
  public void writeText(Appendable out, int decimals) {
    TraceTables.text(this, decimals, Checks.notNull(out, "out"));
  }

  /** {@return the trace as GitHub Markdown, values to {@value #DECIMALS} decimals} */
  public String toMarkdown() {
    return toMarkdown(DECIMALS);
  }

  /**
   * {@return the trace as GitHub Markdown: one table, or for a reverse trace the primal table
   * and then the adjoint table}
   *
   * @param decimals decimals of rendered values, 0 to 15 (trailing zeros are dropped)
   * @throws IllegalArgumentException if {@code decimals} is out of range
   */
  public String toMarkdown(int decimals) {
    StringBuilder sb = new StringBuilder();
    writeMarkdown(sb, decimals);
    return sb.toString();
  }

  /**
   * Writes {@link #toMarkdown(int)} to {@code out} row by row, without building the whole text.
   *
   * @param out where to write, e.g. a {@code PrintWriter}
   * @param decimals decimals of rendered values, 0 to 15
   * @throws IllegalArgumentException if {@code decimals} is out of range
   * @throws UncheckedIOException if {@code out} fails
   */
  public void writeMarkdown(Appendable out, int decimals) {
    TraceTables.markdown(this, decimals, Checks.notNull(out, "out"));
  }

  @Override
  public String toString() {
    return toText();
  }
}
