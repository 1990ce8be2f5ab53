package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One row of the op table: an op's name, how to build it from argument variables
 * {@code a0, a1, ...}, the random inputs (shapes and a domain per argument, plus a joint
 * validity condition such as "no ties") and the check options (tolerance).
 *
 * @param name the row's display name
 * @param arity the number of arguments
 * @param build builds the expression from argument variables
 * @param inputs random argument values
 * @param options GradCheck options for this row
 */
record OpSpec(String name, int arity, Function<List<Expr>, Expr> build, Gen<List<Tensor>> inputs, Options options) {
  /** Up to rank 2, dimensions up to 3. */
  static final Gen<Shape> SMALL = Gens.shapes(2, 3);

  /** A row with default options. */
  static OpSpec of(String name, Gen<List<Shape>> shapes, List<Domain> domains, Function<List<Expr>, Expr> build) {
    return new OpSpec(name, domains.size(), build, Gens.tensorLists(shapes, domains), Options.defaults());
  }

  /** An elementwise unary row on small shapes. */
  static OpSpec unary(String name, Domain domain, UnaryOperator<Expr> f) {
    return of(name, SMALL.map(List::of), List.of(domain), a -> f.apply(a.get(0)));
  }

  /** A binary row on small shapes, the second argument equal, a suffix of, or scalar to the first (broadcasting). */
  static OpSpec binary(String name, Domain da, Domain db, BinaryOperator<Expr> f) {
    Gen<List<Shape>> shapes = SMALL.flatMap((s, rng) -> List.of(s, suffix(s, rng.nextInt(s.rank() + 1))),
        l -> java.util.stream.Stream.empty());
    return of(name, shapes, List.of(da, db), a -> f.apply(a.get(0), a.get(1)));
  }

  /** A row with one fixed shape per argument. */
  static OpSpec fixed(String name, List<Shape> shapes, List<Domain> domains, Function<List<Expr>, Expr> build) {
    return of(name, Gen.of(rng -> shapes, l -> java.util.stream.Stream.empty()), domains, build);
  }

  private static Shape suffix(Shape s, int drop) {
    return Shape.of(java.util.Arrays.copyOfRange(s.toArray(), drop, s.rank()));
  }

  /** This row with inputs restricted to {@code valid} (e.g. no ties). */
  OpSpec where(Predicate<List<Tensor>> valid) {
    return new OpSpec(name, arity, build, inputs.filter(valid), options);
  }

  /** This row with other tolerances. */
  OpSpec tolerance(double rtol, double atol) {
    return new OpSpec(name, arity, build, inputs, options.withTolerance(rtol, atol));
  }

  /** This row with another finite-difference step (for ops that round, such as casts). */
  OpSpec step(double step) {
    return new OpSpec(name, arity, build, inputs, options.withStep(step));
  }

  /**
   * This row in float32: the generated float64 inputs rounded to float32 (shrinking through their
   * float64 values), checked by {@link GradCheck}'s float32 mode against the float64 twin.
   */
  OpSpec float32() {
    return new OpSpec(name + " [float32]", arity, build,
        inputs.map(xs -> cast(xs, DType.FLOAT32), xs -> cast(xs, DType.FLOAT64)), options);
  }

  private static List<Tensor> cast(List<Tensor> xs, DType dtype) {
    return xs.stream().map(t -> t.cast(dtype)).toList();
  }

  /** The expression of this row for arguments of the given values' shapes. */
  Expr expr(List<Tensor> xs) {
    List<Expr> vars = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      vars.add(Fx.variable("a" + i, xs.get(i).shape(), xs.get(i).dtype()));
    }
    return build.apply(vars);
  }

  /** The bindings {@code a_i = xs[i]}. */
  static Bindings bindings(List<Tensor> xs) {
    Bindings b = Bindings.of();
    for (int i = 0; i < xs.size(); i++) {
      b = b.with("a" + i, xs.get(i));
    }
    return b;
  }

  @Override
  public String toString() {
    return name;
  }
}
