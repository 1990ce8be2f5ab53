package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Ops;
import dev.fluxion.autodiff.op.Spelling;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A parser from math text to expressions, e.g. {@code ln(x1) + x1*x2 - sin(x2)}.
 *
 * <p>Grammar, loosest binding first:
 *
 * <pre>
 * sum     = product (('+' | '-') product)*          left-associative
 * product = unary (('*' | '/') unary)*              left-associative
 * unary   = ('-' | '+') unary | power               so -x^2 = -(x^2)
 * power   = primary ('^' unary)?                    right-associative: 2^3^2 = 2^9
 * primary = number | 'pi' | 'e' | variable | function '(' sum (',' sum)* ')' | '(' sum ')'
 * </pre>
 *
 * <p>Numbers: {@code 1}, {@code 2.5}, {@code .5}, {@code 1e-3}, {@code 1.5E+2}. Variables:
 * {@code [A-Za-z_][A-Za-z0-9_]*}, scalars unless given a shape. The operators and functions are
 * those the ops spell ({@link Ops#functions()}), for example {@code ln} and {@code log} (both
 * natural), {@code exp sqrt sin tanh relu}; {@code sum} and {@code mean} of all elements;
 * {@code max(x)} of all elements and {@code max(a, b)} elementwise; {@code pow(a, b)};
 * {@code leakyRelu(x, alpha)} with a constant alpha. Nodes are built with {@link Fx}, so binary
 * ops broadcast and constant subexpressions fold.
 * Text printed by {@code Exprs.print} for scalar formulas of this grammar parses back to an
 * expression of the same structure.
 */
public final class Formula {
  /** Deeper nesting is rejected rather than risking the parser's stack. */
  static final int MAX_DEPTH = 200;

  /** The grammar's levels: sums bind loosest, then products. */
  private static final int SUMS = 1;
  private static final int PRODUCTS = 2;
  private static final Map<String, List<Spelling>> FUNCTIONS = Ops.functions();
  private static final Map<String, Double> CONSTANTS = Map.of("pi", Math.PI, "e", Math.E);

  private final String src;
  private final Map<String, Shape> shapes;
  private final Map<String, Var> vars = new LinkedHashMap<>();
  private final List<Token> tokens;
  private int next;
  private int depth;

  private Formula(String src, Map<String, Shape> shapes) {
    this.src = src;
    this.shapes = shapes;
    this.tokens = Token.scan(src);
  }

  /**
   * {@return the expression written in {@code formula}; every variable is a scalar}
   *
   * @param formula text in the grammar above
   * @throws FormulaException with the position and reason if the text is malformed
   * @throws IllegalArgumentException if {@code formula} is null
   */
  public static Expr parse(String formula) {
    return parse(formula, Map.of());
  }

  /**
   * {@return the expression written in {@code formula}, variables named in {@code shapes} having those
   * shapes and the others being scalars}
   *
   * @param formula text in the grammar above
   * @param shapes variable shapes by name
   * @throws FormulaException with the position and reason if the text is malformed, or at the
   *     operator or function whose operand shapes do not fit
   * @throws IllegalArgumentException if an argument, or a shape in the map, is null
   */
  public static Expr parse(String formula, Map<String, Shape> shapes) {
    Checks.notNull(formula, "formula");
    Checks.notNull(shapes, "shapes").forEach((k, v) -> Checks.notNull(v, "shape of " + k));
    return new Formula(formula, shapes).formula();
  }

  /**
   * A parsed formula: the expression and every variable written in the text.
   *
   * <p>Building folds constant subexpressions, so {@code expr} may mention fewer variables than the
   * user wrote; {@code variables} keeps all of them, so that a caller can require a value for each and
   * report a zero derivative for one the expression does not depend on.
   *
   * @param expr the built expression, constants folded
   * @param variables the variables in order of first appearance in the text
   */
  public record Parsed(Expr expr, List<Var> variables) {
    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException if a component is null
     */
    public Parsed {
      Checks.notNull(expr, "expr");
      variables = List.copyOf(Checks.notNull(variables, "variables"));
    }

    /** {@return the variables' names in order of first appearance} */
    public List<String> names() {
      return variables.stream().map(Var::name).toList();
    }
  }

  /**
   * {@return the expression written in {@code formula} with every variable the text names, scalars
   * unless given a shape in {@code shapes}}
   *
   * @param formula text in the grammar above
   * @param shapes variable shapes by name
   * @throws FormulaException with the position and reason if the text is malformed, or at the
   *     operator or function whose operand shapes do not fit
   * @throws IllegalArgumentException if an argument, or a shape in the map, is null
   */
  public static Parsed read(String formula, Map<String, Shape> shapes) {
    Checks.notNull(formula, "formula");
    Checks.notNull(shapes, "shapes").forEach((k, v) -> Checks.notNull(v, "shape of " + k));
    Formula f = new Formula(formula, shapes);
    Expr e = f.formula();
    return new Parsed(e, List.copyOf(f.vars.values()));
  }

  /**
   * {@return the expression written in {@code formula} with every variable the text names, all scalars}
   *
   * @param formula text in the grammar above
   * @throws FormulaException with the position and reason if the text is malformed
   * @throws IllegalArgumentException if {@code formula} is null
   */
  public static Parsed read(String formula) {
    return read(formula, Map.of());
  }

  private Expr formula() {
    Token t = peek();
    if (t.kind() == Token.Kind.END) {
      throw error(0, "empty formula");
    }
    Expr e = sum();
    t = peek();
    if (t.is(")")) {
      throw error(t.start(), "unbalanced ')' without a matching '('");
    }
    if (t.kind() != Token.Kind.END) {
      throw error(t.start(), "expected an operator or end of input but found " + t.describe());
    }
    return e;
  }

  private Expr sum() {
    return chain(SUMS, this::product);
  }

  private Expr product() {
    return chain(PRODUCTS, this::unary);
  }

  /** A left-associative chain of the infix ops of precedence {@code level}, e.g. {@code a - b + c}. */
  private Expr chain(int level, Supplier<Expr> operand) {
    Expr e = operand.get();
    for (Op op = infix(peek(), level); op != null; op = infix(peek(), level)) {
      Token t = take();
      Spelling s = spelling(op, t);
      Expr l = e;
      Expr r = operand.get();
      e = build(t.start(), () -> s.apply(List.of(l, r)));
    }
    return e;
  }

  private static @Nullable Op infix(Token t, int level) {
    Op op = t.kind() == Token.Kind.SYMBOL ? Ops.infix(t.text()) : null;
    return op != null && op.syntax().precedence() == level ? op : null;
  }

  private static Spelling spelling(Op op, Token t) {
    return op.syntax().spellings().stream().filter(s -> s.name().equals(t.text())).findFirst().orElseThrow();
  }

  private Expr unary() {
    if (peek().is("+")) {
      Token t = take();
      return nested(t, this::unary);
    }
    Op prefix = peek().kind() == Token.Kind.SYMBOL ? Ops.prefix(peek().text()) : null;
    if (prefix != null) {
      Token t = take();
      Expr x = nested(t, this::unary);
      return spelling(prefix, t).apply(List.of(x));
    }
    return power();
  }

  private Expr power() {
    Expr base = primary();
    Op op = peek().kind() == Token.Kind.SYMBOL ? Ops.infix(peek().text()) : null;
    if (op == null || op.syntax().precedence() <= PRODUCTS) {
      return base;
    }
    Token t = take();
    Expr exponent = nested(t, this::unary);
    return build(t.start(), () -> spelling(op, t).apply(List.of(base, exponent)));
  }

  private Expr primary() {
    Token t = take();
    switch (t.kind()) {
      case NUMBER:
        return Fx.scalar(Double.parseDouble(t.text()));
      case NAME:
        return name(t);
      case SYMBOL:
        if (t.is("(")) {
          Expr e = nested(t, this::sum);
          expect(")");
          return e;
        }
        throw error(t.start(), "expected an operand but found " + t.describe());
      default:
        throw error(t.start(), "expected an operand but found end of input");
    }
  }

  private Expr name(Token t) {
    String name = t.text();
    if (peek().is("(")) {
      take();
      return call(t);
    }
    if (FUNCTIONS.containsKey(name)) {
      throw error(peek().start(), "expected '(' after function " + name + " but found " + peek().describe());
    }
    Double constant = CONSTANTS.get(name);
    if (constant != null) {
      return Fx.scalar(constant);
    }
    return vars.computeIfAbsent(name, n -> Fx.variable(n, shapes.getOrDefault(n, Shape.scalar())));
  }

  private Expr call(Token name) {
    List<Spelling> spellings = FUNCTIONS.get(name.text());
    if (spellings == null) {
      throw error(name.start(), "unknown function " + name.text() + " (known: "
          + String.join(", ", FUNCTIONS.keySet()) + ")");
    }
    List<Expr> args = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    if (!peek().is(")")) {
      do {
        starts.add(peek().start());
        args.add(nested(name, this::sum));
      } while (accept(","));
    }
    expect(")");
    Spelling fn = spellings.stream().filter(s -> s.arity() == args.size()).findFirst().orElse(null);
    if (fn == null) {
      int min = spellings.stream().mapToInt(Spelling::arity).min().orElseThrow();
      int max = spellings.stream().mapToInt(Spelling::arity).max().orElseThrow();
      String expected = min == max ? Integer.toString(min) : min + " or " + max;
      throw error(name.start(), "function " + name.text() + " expects " + expected
          + (max == 1 ? " argument" : " arguments") + " but got " + args.size());
    }
    int c = fn.constantArgument();
    if (c >= 0 && !Spelling.isConstantNumber(args.get(c))) {
      throw error(starts.get(c), name.text() + "'s " + fn.constantName() + " must be a constant number");
    }
    return build(name.start(), () -> fn.apply(args));
  }

  /** Runs a DSL factory, reporting its shape or domain error at {@code position}. */
  private Expr build(int position, Supplier<Expr> factory) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      throw new FormulaException(src, position, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }

  /** Parses one nesting level deeper, guarding the stack. */
  private Expr nested(Token at, Supplier<Expr> parser) {
    if (++depth > MAX_DEPTH) {
      throw error(at.start(), "formula nested deeper than " + MAX_DEPTH + " levels");
    }
    Expr e = parser.get();
    depth--;
    return e;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != Token.Kind.END) {
      next++;
    }
    return t;
  }

  private boolean accept(String symbol) {
    if (peek().is(symbol)) {
      next++;
      return true;
    }
    return false;
  }

  private void expect(String symbol) {
    if (!accept(symbol)) {
      throw error(peek().start(), "expected '" + symbol + "' but found " + peek().describe());
    }
  }

  private FormulaException error(int position, String reason) {
    return new FormulaException(src, position, reason, null);
  }
}
