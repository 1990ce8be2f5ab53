package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * How an op is written: the parser reads its spellings, the infix printer ({@code Exprs.print})
 * and the trace notation read its form, symbols and precedence. One precedence per op serves both
 * printers: 1 sums, 2 products, 3 prefix minus, 4 powers, 9 function calls.
 *
 * @param form function call, infix operator or prefix operator
 * @param symbol the ASCII operator ({@code "+"}); empty for a function, which prints its op's name
 * @param mathSymbol the symbol in the survey's notation ({@code "×"}, {@code "ln"}); empty: as {@code symbol}
 *     (or, for a function, the op's name)
 * @param label the label in graph drawings ({@code "÷"}, {@code "√"}); empty: as {@code mathSymbol}
 * @param precedence how tightly the written form binds, 1 to 9
 * @param associativity how an infix chain groups
 * @param spellings the names formulas may write for it (none: it cannot be parsed)
 */
public record Syntax(Form form, String symbol, String mathSymbol, String label, int precedence,
    Associativity associativity, List<Spelling> spellings) {
  /** The precedence of a function call: tighter than any operator. */
  public static final int ATOM = 9;

  /** How an op is written. */
  public enum Form {
    /** {@code name(args, attributes)}. */
    FUNCTION,
    /** {@code a op b}. */
    INFIX,
    /** {@code op a}. */
    PREFIX
  }

  /** How an infix chain groups, and so which operand keeps parentheses at equal precedence. */
  public enum Associativity {
    /** {@code (a - b) - c}: the right operand is parenthesized at equal precedence. */
    LEFT,
    /** {@code a ^ (b ^ c)}: the left operand is parenthesized at equal precedence. */
    RIGHT,
    /** {@code a + b + c} means the same either way in exact arithmetic (not in floating point). */
    ASSOCIATIVE
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a component is null or the precedence is outside 1..9
   */
  public Syntax {
    Checks.notNull(form, "form");
    Checks.notNull(symbol, "symbol");
    Checks.notNull(mathSymbol, "mathSymbol");
    Checks.notNull(label, "label");
    Checks.notNull(associativity, "associativity");
    spellings = List.copyOf(Checks.notNull(spellings, "spellings"));
    if (precedence < 1 || precedence > ATOM) {
      throw new IllegalArgumentException("Syntax: precedence must be 1.." + ATOM + ", got " + precedence);
    }
  }

  /**
   * {@return a function call, parsed under {@code spellings} (none: printed only)}
   *
   * @param spellings the names formulas may write
   */
  public static Syntax function(Spelling... spellings) {
    return new Syntax(Form.FUNCTION, "", "", "", ATOM, Associativity.LEFT, List.of(spellings));
  }

  /**
   * {@return an infix operator}
   *
   * @param symbol ASCII, e.g. {@code "+"}
   * @param mathSymbol as the survey writes it, e.g. {@code "×"}
   * @param precedence 1 sums, 2 products, 4 powers
   * @param associativity how a chain of it groups
   * @param build how the parser builds {@code a symbol b} (broadcasting); null if formulas cannot write it
   */
  public static Syntax infix(String symbol, String mathSymbol, int precedence, Associativity associativity,
      @Nullable BinaryOperator<Expr> build) {
    List<Spelling> s = build == null ? List.of() : List.of(Spelling.binary(symbol, build));
    return new Syntax(Form.INFIX, symbol, mathSymbol, "", precedence, associativity, s);
  }

  /**
   * {@return a prefix operator, e.g. {@code prefix("-", "−", 3, Fx::neg)}}
   *
   * @param symbol ASCII, e.g. {@code "-"}
   * @param mathSymbol as the survey writes it, e.g. {@code "−"}
   * @param precedence how tightly it binds
   * @param build how the parser builds {@code symbol a}
   */
  public static Syntax prefix(String symbol, String mathSymbol, int precedence, UnaryOperator<Expr> build) {
    return new Syntax(Form.PREFIX, symbol, mathSymbol, "", precedence, Associativity.RIGHT,
        List.of(Spelling.unary(symbol, build)));
  }

  /**
   * {@return this syntax printed as {@code mathSymbol} in the survey's notation}
   *
   * @param mathSymbol e.g. {@code "ln"}
   */
  public Syntax withMathSymbol(String mathSymbol) {
    return new Syntax(form, symbol, mathSymbol, label, precedence, associativity, spellings);
  }

  /**
   * {@return this syntax drawn as {@code label} in graphs}
   *
   * @param label e.g. {@code "÷"}
   */
  public Syntax withLabel(String label) {
    return new Syntax(form, symbol, mathSymbol, label, precedence, associativity, spellings);
  }

  /**
   * {@return the name printers show for {@code op} in the survey's notation: the math symbol, else
   * the symbol, else the op's name}
   *
   * @param op the op whose syntax this is
   */
  public String mathName(Op op) {
    return !mathSymbol.isEmpty() ? mathSymbol : !symbol.isEmpty() ? symbol : op.name();
  }

  /**
   * {@return the label graph drawings show for {@code op}: the label, else {@link #mathName}}
   *
   * @param op the op whose syntax this is
   */
  public String graphLabel(Op op) {
    return !label.isEmpty() ? label : mathName(op);
  }

  /**
   * {@return this syntax with more function spellings, e.g. {@code pow(a, b)} beside {@code a ^ b}}
   *
   * @param more the further spellings
   */
  public Syntax withSpellings(Spelling... more) {
    List<Spelling> all = new java.util.ArrayList<>(spellings);
    all.addAll(List.of(more));
    return new Syntax(form, symbol, mathSymbol, label, precedence, associativity, all);
  }

  /**
   * {@return a number as formulas write it: integers without a fraction ({@code 2}), others in
   * shortest round-trip form ({@code 0.1}, {@code 2.5E20})}
   *
   * @param v a finite number
   */
  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
