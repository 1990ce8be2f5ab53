package dev.fluxion.playground.formula;

import java.time.Duration;

/**
 * The largest input the Formula lab takes, so that one request costs bounded time and memory.
 *
 * @param formulaChars the longest formula, in characters, &gt;= 1
 * @param pointChars the longest point text ({@code x1=2, x2=5}), in characters, &gt;= 1
 * @param nodes the most DAG nodes of the parsed formula (variables, constants and ops), &gt;= 1
 * @param variables the most variables; each costs one forward trace and one Hessian row, &gt;= 1
 * @param graphviz how long Graphviz may draw before the lab's own layout is used instead, &gt; 0
 */
public record LabLimits(int formulaChars, int pointChars, int nodes, int variables, Duration graphviz) {
  /** 2,000 characters, 1,000 for the point, 300 nodes, 10 variables, Graphviz 2 s. */
  public static final LabLimits DEFAULT = new LabLimits(2_000, 1_000, 300, 10, Duration.ofSeconds(2));

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException if a count is below 1 or the duration is not positive
   */
  public LabLimits {
    if (formulaChars < 1 || pointChars < 1 || nodes < 1 || variables < 1) {
      throw new IllegalArgumentException("limits must be >= 1: formulaChars=" + formulaChars + ", pointChars="
          + pointChars + ", nodes=" + nodes + ", variables=" + variables);
    }
    if (graphviz == null || graphviz.isNegative() || graphviz.isZero()) {
      throw new IllegalArgumentException("the Graphviz time limit must be positive, got " + graphviz);
    }
  }
}
