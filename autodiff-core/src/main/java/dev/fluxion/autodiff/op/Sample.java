package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * How random-expression generators ({@code check.Gens.exprs}) use an op: a name for reports, a
 * weight (how often it is drawn relative to others), the test domain of each argument (the
 * generator keeps an argument there by construction) and a builder, given arguments already in
 * their domains and randomness for attributes such as an axis.
 *
 * @param name as shown in reports, e.g. {@code "log"} or {@code "mean"}
 * @param weight {@code >= 1}
 * @param domains one per argument
 * @param build throws {@code IllegalArgumentException} to reject arguments (a wrong rank)
 */
public record Sample(String name, int weight, List<TestDomain> domains,
    BiFunction<List<Expr>, SplittableRandom, Expr> build) {
  /** Where a generator keeps an argument, so that the op's rules and finite differences are safe there. */
  public enum TestDomain {
    /** Any value. */
    REAL,
    /** At least 0.5 (logarithms, roots, divisors, bases of powers). */
    POSITIVE,
    /** Within {@code [-1, 1]} (exponents, arguments of exp and tan). */
    BOUNDED,
    /** At least 0.1 away from 0, on a random side (kinks at 0: abs, relu). */
    AWAY_FROM_ZERO,
    /** The first argument plus at least 0.1 (no ties: maximum, minimum). */
    ABOVE_FIRST
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if a component is null, there is no argument, or the weight is below 1
   */
  public Sample {
    Checks.notNull(name, "name");
    Checks.notNull(build, "build");
    domains = List.copyOf(Checks.notNull(domains, "domains"));
    if (domains.isEmpty() || weight < 1) {
      throw new IllegalArgumentException("Sample " + name + ": needs an argument and weight >= 1, got "
          + domains.size() + " arguments, weight " + weight);
    }
  }

  /**
   * {@return a sample of weight 1 of one argument in {@code domain}}
   *
   * @param name as shown in reports
   * @param domain where the generator keeps the argument
   * @param f builds the node
   */
  public static Sample unary(String name, TestDomain domain, UnaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return new Sample(name, 1, List.of(domain), (a, rng) -> f.apply(a.get(0)));
  }

  /**
   * {@return a sample of weight 1 of two arguments in domains {@code da} and {@code db}}
   *
   * @param name as shown in reports
   * @param da where the generator keeps the first argument
   * @param db where it keeps the second
   * @param f builds the node (broadcasting)
   */
  public static Sample binary(String name, TestDomain da, TestDomain db, BinaryOperator<Expr> f) {
    Checks.notNull(f, "f");
    return new Sample(name, 1, List.of(da, db), (a, rng) -> f.apply(a.get(0), a.get(1)));
  }

  /**
   * {@return a sample of weight 1 whose builder also draws attributes, arguments anywhere}
   *
   * @param name as shown in reports
   * @param arity the number of arguments
   * @param build builds the node from the arguments and randomness
   */
  public static Sample random(String name, int arity, BiFunction<List<Expr>, SplittableRandom, Expr> build) {
    return new Sample(name, 1, java.util.Collections.nCopies(arity, TestDomain.REAL), build);
  }

  /** {@return the number of arguments} */
  public int arity() {
    return domains.size();
  }

  /**
   * {@return this sample drawn {@code weight} times as often as a sample of weight 1}
   *
   * @param weight {@code >= 1}
   */
  public Sample withWeight(int weight) {
    return new Sample(name, weight, domains, build);
  }

  /** {@code x}; an {@code IllegalArgumentException} (the generator draws other arguments) if its rank is below {@code rank}. */
  static Expr atLeast(Expr x, int rank) {
    if (x.shape().rank() < rank) {
      throw new IllegalArgumentException("needs rank >= " + rank + ", got " + x.shape());
    }
    return x;
  }

  /** A random axis of {@code x} (rank at least 1). */
  static int axis(Expr x, SplittableRandom rng) {
    return rng.nextInt(atLeast(x, 1).shape().rank());
  }
}
