package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Gens#exprs} generates: expressions of at most {@code maxOps} op builder
 * applications, nested at most {@code depth} deep, over the given variables, whose values come
 * from {@code domain}.
 *
 * @param depth the maximum nesting of builder applications, {@code >= 1}
 * @param maxOps the maximum number of builder applications, {@code >= 1}
 * @param ops the op builders to draw from, non-empty
 * @param variables variable names and shapes, non-empty; kept sorted by name, so generation does not
 *     depend on the iteration order of the map passed in
 * @param domain where variable values lie
 */
public record ExprGenConfig(int depth, int maxOps, List<OpBuilder> ops, Map<String, Shape> variables, Domain domain) {
  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a count is below 1, a collection is empty, or anything is null
   */
  public ExprGenConfig {
    Checks.notNull(ops, "ops");
    Checks.notNull(variables, "variables");
    Checks.notNull(domain, "domain");
    if (depth < 1 || maxOps < 1 || ops.isEmpty() || variables.isEmpty()) {
      throw new IllegalArgumentException("ExprGenConfig: need depth >= 1, maxOps >= 1, some ops and some variables;"
          + " got depth " + depth + ", maxOps " + maxOps + ", " + ops.size() + " ops, " + variables.size()
          + " variables");
    }
    ops = List.copyOf(ops);
    // Sorted by name: an unordered input map (Map.of) iterates in a per-JVM order, which would
    // make seeded generation differ from run to run.
    variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(new java.util.TreeMap<>(variables)));
  }

  /**
   * {@return depth 4, at most 8 ops, the {@link OpBuilders#standard() standard} ops, values in {@link Domain#real()}}
   *
   * @param variables names and shapes, non-empty
   */
  public static ExprGenConfig of(Map<String, Shape> variables) {
    return new ExprGenConfig(4, 8, OpBuilders.standard(), new LinkedHashMap<>(variables), Domain.real());
  }

  /**
   * {@return this configuration with another depth}
   *
   * @param depth the maximum nesting of builder applications, {@code >= 1}
   */
  public ExprGenConfig withDepth(int depth) {
    return new ExprGenConfig(depth, maxOps, ops, variables, domain);
  }

  /**
   * {@return this configuration with another maximum number of ops}
   *
   * @param maxOps the maximum number of builder applications, {@code >= 1}
   */
  public ExprGenConfig withMaxOps(int maxOps) {
    return new ExprGenConfig(depth, maxOps, ops, variables, domain);
  }

  /**
   * {@return this configuration with other op builders}
   *
   * @param ops non-empty
   */
  public ExprGenConfig withOps(List<OpBuilder> ops) {
    return new ExprGenConfig(depth, maxOps, ops, variables, domain);
  }

  /**
   * {@return this configuration with another variable domain}
   *
   * @param domain where the values lie
   */
  public ExprGenConfig withDomain(Domain domain) {
    return new ExprGenConfig(depth, maxOps, ops, variables, domain);
  }

  /** {@return the domain of every variable, by name, for {@link Intervals}} */
  public Map<String, Domain> domains() {
    Map<String, Domain> m = new LinkedHashMap<>();
    variables.keySet().forEach(k -> m.put(k, domain));
    return m;
  }
}
