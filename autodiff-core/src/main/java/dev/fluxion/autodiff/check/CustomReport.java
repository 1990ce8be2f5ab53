package dev.fluxion.autodiff.check;

/**
 * A custom derivative rule checked against its function ({@link GradCheck#checkCustom}): the same
 * checks run on the function with its rule and on the function written with its own ops, both against
 * finite differences of the function's value, so the verdict says which derivative is wrong.
 *
 * @param function the custom function's name
 * @param rule the report of the function with its custom rule
 * @param own the report of the function differentiated through its own ops
 */
public record CustomReport(String function, Report rule, Report own) {
  /** {@return whether the custom rule passed} */
  public boolean passed() {
    return rule.passed();
  }

  /** {@return one sentence: which of the two derivatives agrees with finite differences} */
  public String verdict() {
    if (rule.passed() && own.passed()) {
      return function + ": the custom rule and the function's own derivative agree with finite differences";
    }
    if (rule.passed()) {
      return function + ": the custom rule is right; the function's own derivative is not (finite or accurate) here,"
          + " which a custom rule is for";
    }
    if (own.passed()) {
      return function + ": the custom rule is wrong; the function's own derivative agrees with finite differences";
    }
    return function + ": both the custom rule and the function's own derivative disagree with finite differences;"
        + " is the function differentiable here, and its value finite?";
  }

  @Override
  public String toString() {
    return verdict() + "\nwith the rule: " + rule + "\nthrough its own ops: " + own;
  }
}
