package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.tensor.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A formula that does not parse or does not fit its shapes: where (a 0-based character index)
 * and why. The message shows the formula with a caret under the position:
 *
 * <pre>
 * formula error at position 9: expected ')' but found end of input
 *   ln(x1 * 2
 *            ^
 * </pre>
 */
public final class FormulaException extends IllegalArgumentException {
  private static final int WINDOW = 80;

  /** The formula. */
  private final String formula;
  /** The 0-based character index of the error. */
  private final int position;
  /** Why, without the position. */
  private final String reason;

  /**
   * An error in {@code formula} at {@code position}.
   *
   * @param formula the text being parsed
   * @param position a character index in {@code [0, formula.length()]}
   * @param reason what went wrong, without the position
   * @param cause the underlying error (e.g. a shape mismatch raised by the DSL), or null
   * @throws IllegalArgumentException if an argument is null or the position is out of range
   */
  public FormulaException(String formula, int position, String reason, @Nullable Throwable cause) {
    super(message(formula, position, reason), cause);
    this.formula = formula;
    this.position = position;
    this.reason = reason;
  }

  /** {@return the text that failed to parse} */
  public String formula() {
    return formula;
  }

  /** {@return the 0-based character index of the error; {@code formula().length()} means end of input} */
  public int position() {
    return position;
  }

  /** {@return what went wrong, e.g. {@code "expected ')' but found end of input"}} */
  public String reason() {
    return reason;
  }

  private static String message(String formula, int position, String reason) {
    Checks.notNull(formula, "formula");
    Checks.notNull(reason, "reason");
    if (position < 0 || position > formula.length()) {
      throw new IllegalArgumentException("position " + position + " is outside [0, " + formula.length() + "]");
    }
    int from = Math.max(0, position - WINDOW / 2);
    int to = Math.min(formula.length(), from + WINDOW);
    String head = from > 0 ? "..." : "";
    String tail = to < formula.length() ? "..." : "";
    String shown = head + formula.substring(from, to).replaceAll("\\s", " ") + tail;
    return "formula error at position " + position + ": " + reason + "\n  " + shown + "\n  "
        + " ".repeat(head.length() + position - from) + "^";
  }
}
