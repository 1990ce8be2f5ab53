package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Standard generators: integers, doubles in a domain, shapes, tensors, bindings and expressions. */
public final class Gens {
  private Gens() {}

  /**
   * {@return integers in {@code [lo, hi]}, shrinking towards {@code lo}}
   *
   * @param lo the smallest value, where shrinking ends
   * @param hi the largest value, {@code >= lo}
   * @throws IllegalArgumentException if {@code lo > hi}
   */
  public static Gen<Integer> ints(int lo, int hi) {
    if (lo > hi) {
      throw new IllegalArgumentException("ints: lo " + lo + " > hi " + hi);
    }
    return Gen.of(rng -> rng.nextInt(lo, hi + 1),
        v -> Stream.of(lo, lo + (v - lo) / 2, v - 1).filter(c -> c < v).distinct());
  }

  /**
   * {@return one of {@code values}, shrinking towards the earlier ones}
   *
   * @param <T> the value type
   * @param values at least one; the first is the simplest
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public static <T> Gen<T> oneOf(List<T> values) {
    List<T> vs = List.copyOf(Checks.notNull(values, "values"));
    if (vs.isEmpty()) {
      throw new IllegalArgumentException("oneOf: no values");
    }
    return Gen.of(rng -> vs.get(rng.nextInt(vs.size())), v -> vs.subList(0, Math.max(0, vs.indexOf(v))).stream());
  }

  /**
   * {@return doubles in {@code domain}, shrinking to fewer decimals and smaller magnitude ({@link Domain#shrink})}
   *
   * @param domain where the values lie
   */
  public static Gen<Double> doubles(Domain domain) {
    Checks.notNull(domain, "domain");
    return Gen.of(domain::sample, domain::shrink);
  }

  /**
   * {@return shapes of rank {@code 0..maxRank} with dimensions {@code 1..maxDim}; shrinking drops axes,
   * then lowers dimensions towards 1}
   *
   * @param maxRank the largest rank, {@code >= 0}
   * @param maxDim the largest dimension, {@code >= 1}
   * @throws IllegalArgumentException if {@code maxRank < 0} or {@code maxDim < 1}
   */
  public static Gen<Shape> shapes(int maxRank, int maxDim) {
    return shapes(0, maxRank, maxDim);
  }

  /**
   * {@return shapes of rank {@code minRank..maxRank} with dimensions {@code 1..maxDim}}
   *
   * @param minRank the smallest rank, {@code >= 0}
   * @param maxRank the largest rank, {@code >= minRank}
   * @param maxDim the largest dimension, {@code >= 1}
   * @throws IllegalArgumentException if {@code minRank > maxRank}, {@code minRank < 0} or {@code maxDim < 1}
   */
  public static Gen<Shape> shapes(int minRank, int maxRank, int maxDim) {
    if (minRank < 0 || minRank > maxRank || maxDim < 1) {
      throw new IllegalArgumentException("shapes: need 0 <= minRank <= maxRank and maxDim >= 1");
    }
    return Gen.of(rng -> {
      int[] d = new int[rng.nextInt(minRank, maxRank + 1)];
      for (int i = 0; i < d.length; i++) {
        d[i] = rng.nextInt(1, maxDim + 1);
      }
      return Shape.of(d);
    }, s -> shrinkShape(s, minRank));
  }

  private static Stream<Shape> shrinkShape(Shape s, int minRank) {
    List<Shape> out = new ArrayList<>();
    int[] d = s.toArray();
    if (d.length > minRank) {
      for (int i = 0; i < d.length; i++) {
        int[] fewer = new int[d.length - 1];
        System.arraycopy(d, 0, fewer, 0, i);
        System.arraycopy(d, i + 1, fewer, i, d.length - i - 1);
        out.add(Shape.of(fewer));
      }
    }
    for (int i = 0; i < d.length; i++) {
      if (d[i] > 1) {
        int[] smaller = d.clone();
        smaller[i] = 1;
        out.add(Shape.of(smaller));
        if (d[i] > 2) {
          smaller = d.clone();
          smaller[i] = d[i] - 1;
          out.add(Shape.of(smaller));
        }
      }
    }
    return out.stream().distinct();
  }

  /**
   * {@return tensors of {@code shape} with elements in {@code domain}; shrinking first fills the tensor
   * with {@link Domain#simplest()}, then simplifies one element at a time}
   *
   * @param shape non-negative dimensions
   * @param domain where the values lie
   */
  public static Gen<Tensor> tensors(Shape shape, Domain domain) {
    Checks.notNull(shape, "shape");
    Checks.notNull(domain, "domain");
    return Gen.of(rng -> sample(shape, domain, rng), t -> shrinkTensor(t, domain));
  }

  /**
   * {@return tensors of {@code shape} in {@code domain} whose elements are pairwise at least
   * {@code separation} apart (no ties, for {@code max} and sorting-like ops)}
   *
   * @param shape non-negative dimensions
   * @param domain where the values lie
   * @param separation the least distance between elements
   * @throws IllegalArgumentException if {@code separation < 0}
   */
  public static Gen<Tensor> distinctTensors(Shape shape, Domain domain, double separation) {
    if (!(separation >= 0)) {
      throw new IllegalArgumentException("distinctTensors: separation must be >= 0, got " + separation);
    }
    return tensors(shape, domain).filter(t -> separated(t.toArray(), separation));
  }

  /** True if all elements of {@code d} are pairwise at least {@code separation} apart. */
  static boolean separated(double[] d, double separation) {
    double[] s = d.clone();
    Arrays.sort(s);
    for (int i = 1; i < s.length; i++) {
      if (s[i] - s[i - 1] < separation) {
        return false;
      }
    }
    return true;
  }

  private static Tensor sample(Shape shape, Domain domain, SplittableRandom rng) {
    double[] d = new double[shape.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = domain.sample(rng);
    }
    return Tensor.of(d, shape);
  }

  private static Stream<Tensor> shrinkTensor(Tensor t, Domain domain) {
    double[] d = t.toArray();
    double s = domain.simplest();
    boolean canFill = false;
    for (double v : d) {
      canFill |= v != s && Domain.simpler(s, v);
    }
    Stream<Tensor> fill = canFill ? Stream.of(Tensor.full(t.shape(), s)) : Stream.empty();
    Stream<Tensor> each = IntStream.range(0, d.length).boxed().flatMap(i -> domain.shrink(d[i]).limit(4).map(c -> {
      double[] e = d.clone();
      e[i] = c;
      return Tensor.of(e, t.shape());
    }));
    return Stream.concat(fill.filter(f -> allSimplerOrEqual(f.toArray(), d)), each);
  }

  private static boolean allSimplerOrEqual(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i] && !Domain.simpler(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@return lists of tensors, one per domain, whose shapes come from {@code shapes} (one shape per
   * domain); shrinking simplifies the values of one tensor at a time and keeps the shapes}
   *
   * @param shapes yields one shape per domain
   * @param domains where each value lies
   * @throws IllegalArgumentException from {@code generate} if {@code shapes} yields the wrong number of shapes
   */
  public static Gen<List<Tensor>> tensorLists(Gen<List<Shape>> shapes, List<Domain> domains) {
    Checks.notNull(shapes, "shapes");
    List<Domain> ds = List.copyOf(Checks.notNull(domains, "domains"));
    return Gen.of(rng -> {
      List<Shape> ss = shapes.generate(rng);
      if (ss.size() != ds.size()) {
        throw new IllegalArgumentException("tensorLists: " + ss.size() + " shapes for " + ds.size() + " domains");
      }
      List<Tensor> out = new ArrayList<>();
      for (int i = 0; i < ss.size(); i++) {
        out.add(sample(ss.get(i), ds.get(i), rng));
      }
      return List.copyOf(out);
    }, ts -> IntStream.range(0, ts.size()).boxed().flatMap(i -> shrinkTensor(ts.get(i), ds.get(i)).map(t -> {
      List<Tensor> c = new ArrayList<>(ts);
      c.set(i, t);
      return List.copyOf(c);
    })));
  }

  /**
   * {@return bindings for the variables of {@code e}, each in {@code domain}; shrinks one variable at a time}
   *
   * @param e any expression; its variables get values
   * @param domain where the values lie
   */
  public static Gen<Bindings> bindings(Expr e, Domain domain) {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (Var v : Exprs.variables(Checks.notNull(e, "e")).values()) {
      shapes.put(v.name(), v.shape());
    }
    return bindings(shapes, domain);
  }

  /**
   * {@return bindings for variables given by name and shape, each in {@code domain}; shrinks one variable at a time}
   *
   * @param variables the variables, by name
   * @param domain where the values lie
   */
  public static Gen<Bindings> bindings(Map<String, Shape> variables, Domain domain) {
    Map<String, Shape> vars = new LinkedHashMap<>(Checks.notNull(variables, "variables"));
    Checks.notNull(domain, "domain");
    return Gen.of(rng -> {
      Map<String, Tensor> m = new LinkedHashMap<>();
      vars.forEach((k, s) -> m.put(k, sample(s, domain, rng)));
      return Bindings.of(m);
    }, b -> vars.keySet().stream().flatMap(k -> shrinkTensor(b.get(k), domain).map(t -> b.with(k, t))));
  }

  /**
   * {@return random well-formed, domain-safe expression DAGs with shared subexpressions (see
   * {@link ExprGenConfig} and {@link OpBuilders}); shrinking yields smaller safe expressions, fewest
   * nodes first: an op of the expression applied to variables, a subexpression as the root, or a
   * node replaced by an argument, a variable or zeros of its shape} Every generated and shrunk
   * expression passes {@link Intervals#violation}.
   *
   * @param config depth, variables, domain and op builders
   */
  public static Gen<Expr> exprs(ExprGenConfig config) {
    return new ExprGen(Checks.notNull(config, "config"));
  }
}
