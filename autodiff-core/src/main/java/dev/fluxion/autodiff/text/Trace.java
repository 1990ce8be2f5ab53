package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Tensor;
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
 * {@code v_i}, {@code v̇_i}, {@code v̄_i} and printed; their values come from the library's
 * forward and reverse sweeps. {@code ·} is the strong-zero product of derivative rules
 * ({@code 0 · ∞ = 0}), {@code ×} the ordinary one.
 *
 * @param kind primal only, forward (tangents) or reverse (adjoints)
 * @param rows the rows in table order: evaluation order for {@link Kind#PRIMAL} and
 *     {@link Kind#FORWARD}, reverse-sweep order (output first) for {@link Kind#REVERSE}
 * @param output the name of the output row, e.g. {@code v5}
 */
public record Trace(Kind kind, List<Row> rows, String output) {
  /** The default number of decimals in rendered values. */
  public static final int DECIMALS = 3;

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
   * @param rule the formula over placeholders, e.g. {@code v̄3 · cos v0 + v̄2 · v-1}; for an
   *     input tangent its seed ({@code ẋ1}), for the output adjoint its seed {@code ȳ}
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
   * Validates and copies the rows.
   *
   * @throws IllegalArgumentException if a component is null or a row's derivative does not fit the kind
   */
  public Trace {
    Checks.notNull(kind, "kind");
    Checks.notNull(output, "output");
    rows = List.copyOf(Checks.notNull(rows, "rows"));
    for (Row r : rows) {
      if ((r.derivative() == null) != (kind == Kind.PRIMAL)) {
        throw new IllegalArgumentException("row " + r.name() + " of a " + kind + " trace "
            + (kind == Kind.PRIMAL ? "has" : "lacks") + " a derivative");
      }
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
    return reverse(f, at, Tensor.ones(f.shape()));
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
   * {@return the trace as aligned plain-text columns}
   *
   * @param decimals decimals of rendered values, 0 to 15 (trailing zeros are dropped)
   * @throws IllegalArgumentException if {@code decimals} is out of range
   */
  public String toText(int decimals) {
    return TraceTables.text(this, decimals);
  }

  /** {@return the trace as a GitHub Markdown table, values to {@value #DECIMALS} decimals} */
  public String toMarkdown() {
    return toMarkdown(DECIMALS);
  }

  /**
   * {@return the trace as a GitHub Markdown table}
   *
   * @param decimals decimals of rendered values, 0 to 15 (trailing zeros are dropped)
   * @throws IllegalArgumentException if {@code decimals} is out of range
   */
  public String toMarkdown(int decimals) {
    return TraceTables.markdown(this, decimals);
  }

  @Override
  public String toString() {
    return toText();
  }
}
