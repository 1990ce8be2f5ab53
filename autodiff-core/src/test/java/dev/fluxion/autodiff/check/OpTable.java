package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.control.Scans;
import dev.fluxion.autodiff.control.Step;
import dev.fluxion.autodiff.expr.Adjoints;
import dev.fluxion.autodiff.expr.EighResult;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The op table: one row per op of {@code Fx}, each with its own input domains (as in JAX's {@code lax_test}). */
final class OpTable {
  private static final Domain REAL = Domain.real();
  private static final Domain POSITIVE = Domain.positive();
  private static final Domain AWAY = Domain.awayFromZero();
  private static final Domain DIVISOR = new Domain(-3, 3, 0.5);
  /** Rank 1 to 3, dimensions up to 3: for ops along an axis. */
  private static final Gen<Shape> RANKED = Gens.shapes(1, 3, 3);
  /** {@code [m, k]} and {@code [k, n]} with dimensions up to 3. */
  private static final Gen<List<Shape>> MATRICES = Gen.of(OpTable::matrixShapes, l -> Stream.empty());

  private OpTable() {}

  /** Every row in float64, each followed by its float32 row ({@link OpSpec#float32()}). */
  static List<OpSpec> rows() {
    return float64Rows().stream().flatMap(r -> Stream.of(r, r.float32())).toList();
  }

  /** Every row in float64. */
  static List<OpSpec> float64Rows() {
    return Stream.of(arithmetic(), elementwise(), reductions(), layout(), linearAlgebra(), selection(),
            convolutionAndPooling())
        .flatMap(List::stream).toList();
  }

  private static List<OpSpec> arithmetic() {
    return List.of(
        OpSpec.unary("neg", REAL, x -> neg(x)),
        OpSpec.binary("add", REAL, REAL, (a, b) -> add(a, b)),
        OpSpec.binary("sub", REAL, REAL, (a, b) -> sub(a, b)),
        OpSpec.binary("mul", REAL, REAL, (a, b) -> mul(a, b)),
        OpSpec.binary("div", REAL, DIVISOR, (a, b) -> div(a, b)),
        OpSpec.binary("pow", POSITIVE, REAL, (a, b) -> pow(a, b)),
        OpSpec.unary("pow(x, 3)", REAL, x -> pow(x, 3.0)),
        OpSpec.unary("square", REAL, x -> square(x)),
        OpSpec.unary("reciprocal", DIVISOR, x -> reciprocal(x)),
        OpSpec.binary("maskedMul", AWAY, REAL, (a, b) -> maskedMul(a, b)),
        OpSpec.binary("maximum", REAL, REAL, (a, b) -> maximum(a, b)).where(apart(0.1)),
        OpSpec.binary("minimum", REAL, REAL, (a, b) -> minimum(a, b)).where(apart(0.1)));
  }

  private static List<OpSpec> elementwise() {
    return List.of(
        OpSpec.unary("exp", REAL, x -> exp(x)),
        OpSpec.unary("log", POSITIVE, x -> log(x)),
        OpSpec.unary("log1p", Domain.of(-0.5, 3), x -> log1p(x)),
        OpSpec.unary("expm1", REAL, x -> expm1(x)),
        OpSpec.unary("erf", Domain.symmetric(3), x -> erf(x)),
        OpSpec.unary("gelu", Domain.symmetric(4), x -> gelu(x)),
        // stopGradient has no derivative by definition, so finite differences see it only where it cancels:
        // x sin(x) + stopGradient(...) - stopGradient(...) has x sin(x)'s value and derivatives to any order
        OpSpec.unary("stopGradient (cancelling)", REAL,
            x -> x.times(sin(x)).plus(stopGradient(square(x))).minus(stopGradient(square(x)))),
        OpSpec.unary("geluTanh", Domain.symmetric(4), x -> geluTanh(x)),
        // both round trips compute in float32, so GradCheck takes finite differences of the float64 twin
        OpSpec.unary("cast float64 -> float32 -> float64", REAL, x -> cast(cast(x, DType.FLOAT32), DType.FLOAT64)),
        OpSpec.unary("cast float32 -> float64 -> float32", REAL,
            x -> cast(cast(cast(x, DType.FLOAT32), DType.FLOAT64), DType.FLOAT32)),
        OpSpec.unary("sqrt", POSITIVE, x -> sqrt(x)),
        OpSpec.unary("abs", AWAY, x -> abs(x)),
        OpSpec.unary("sin", Domain.symmetric(3), x -> sin(x)),
        OpSpec.unary("cos", Domain.symmetric(3), x -> cos(x)),
        OpSpec.unary("tan", Domain.of(-1.2, 1.2), x -> tan(x)),
        OpSpec.unary("tanh", REAL, x -> tanh(x)),
        OpSpec.unary("sigmoid", Domain.symmetric(4), x -> sigmoid(x)),
        OpSpec.unary("relu", AWAY, x -> relu(x)),
        OpSpec.unary("leakyRelu", AWAY, x -> leakyRelu(x, 0.2)),
        OpSpec.unary("softplus", Domain.symmetric(4), x -> softplus(x)),
        OpSpec.unary("step", AWAY, x -> step(x).plus(x)),
        OpSpec.unary("sign", AWAY, x -> sign(x).times(x)),
        OpSpec.binary("gt", REAL, REAL, (a, b) -> gt(a, b).times(a.minus(b))).where(apart(0.1)),
        OpSpec.binary("ge", REAL, REAL, (a, b) -> ge(a, b).times(a.times(b))).where(apart(0.1)),
        OpSpec.binary("lt", REAL, REAL, (a, b) -> lt(a, b).times(a.minus(b))).where(apart(0.1)),
        OpSpec.binary("le", REAL, REAL, (a, b) -> le(a, b).times(a.times(b))).where(apart(0.1)),
        OpSpec.unary("eq", REAL, x -> eq(x, x).times(sin(x))));
  }

  private static List<OpSpec> reductions() {
    return List.of(
        OpSpec.unary("sum", REAL, x -> sum(x)),
        row("sum(axis 0, keepDims)", RANKED, REAL, x -> sum(x, new int[] {0}, true)),
        row("sum(axis -1)", RANKED, REAL, x -> sum(x, new int[] {-1}, false)),
        OpSpec.unary("mean", REAL, x -> mean(x)),
        row("mean(axis -1)", RANKED, REAL, x -> mean(x, new int[] {-1}, false)),
        OpSpec.unary("max", REAL, x -> max(x)).where(distinct()),
        row("max(axis 0, keepDims)", RANKED, REAL, x -> max(x, new int[] {0}, true)).where(distinct()),
        row("min(axis -1)", RANKED, REAL, x -> min(x, new int[] {-1}, false)).where(distinct()),
        OpSpec.unary("min", REAL, x -> min(x)).where(distinct()),
        row("softmax", RANKED, REAL, x -> softmax(x, -1)),
        row("softmax(axis 0)", RANKED, REAL, x -> softmax(x, 0)),
        row("logSoftmax", RANKED, REAL, x -> logSoftmax(x, -1)),
        row("logSumExp", RANKED, REAL, x -> logSumExp(x, -1, false)),
        row("logSumExp(axis 0, keepDims)", RANKED, REAL, x -> logSumExp(x, 0, true)),
        row("cumsum", RANKED, REAL, x -> cumsum(x, -1)),
        row("cumsum(axis 0, reverse)", RANKED, REAL, x -> cumsum(x, 0, true)),
        OpSpec.fixed("cumsum(cumsum reversed)", List.of(Shape.of(2, 3, 2)), List.of(REAL),
            a -> cumsum(cumsum(a.get(0), 1, true), 1).times(a.get(0))),
        OpSpec.fixed("sumTo", List.of(Shape.of(2, 3)), List.of(REAL), a -> sumTo(a.get(0), Shape.of(1, 3))));
  }

  private static List<OpSpec> layout() {
    return List.of(
        OpSpec.of("matmul", MATRICES, List.of(REAL, REAL), a -> matmul(a.get(0), a.get(1))),
        OpSpec.fixed("matmul(batched)", List.of(Shape.of(2, 2, 3), Shape.of(2, 3, 2)), List.of(REAL, REAL),
            a -> matmul(a.get(0), a.get(1))),
        OpSpec.fixed("matmul(broadcast batch)", List.of(Shape.of(2, 2, 3), Shape.of(3, 2)), List.of(REAL, REAL),
            a -> matmul(a.get(0), a.get(1))),
        OpSpec.fixed("matmul(vector, matrix)", List.of(Shape.of(3), Shape.of(3, 2)), List.of(REAL, REAL),
            a -> matmul(a.get(0), a.get(1))),
        OpSpec.fixed("matmul(matrix, vector)", List.of(Shape.of(2, 3), Shape.of(3)), List.of(REAL, REAL),
            a -> matmul(a.get(0), a.get(1))),
        OpSpec.fixed("matmul(vector, vector)", List.of(Shape.of(3), Shape.of(3)), List.of(REAL, REAL),
            a -> matmul(a.get(0), a.get(1))),
        // cond: a predicate that stays on one side for entries in [-2, 2], each branch in turn
        OpSpec.fixed("cond (true branch)", List.of(Shape.of(4)), List.of(REAL), a -> dev.fluxion.autodiff.control.Cond
            .cond(gt(sum(a.get(0)), scalar(-100.0)), b -> sin(b.get(0)).times(b.get(0)), b -> exp(b.get(0)), a.get(0))),
        OpSpec.fixed("cond (false branch)", List.of(Shape.of(4)), List.of(REAL), a -> dev.fluxion.autodiff.control.Cond
            .cond(gt(sum(a.get(0)), scalar(100.0)), b -> sin(b.get(0)), b -> exp(b.get(0)).times(b.get(0)), a.get(0))),
        // checkpoint: two arguments of different shapes, so the joined backward node is cut apart
        OpSpec.fixed("checkpoint", List.of(Shape.of(2, 3), Shape.of(3)), List.of(REAL, REAL),
            a -> dev.fluxion.autodiff.control.Checkpoint.checkpoint(b -> tanh(matmul(b.get(0), b.get(1))).times(b.get(1)
                .sum()), a.get(0), a.get(1))),
        row("reshape", Gens.shapes(2, 2, 3), REAL, x -> reshape(x, -1)),
        OpSpec.fixed("reshape(2, 3 -> 3, 1, 2)", List.of(Shape.of(2, 3)), List.of(REAL),
            a -> reshape(a.get(0), 3, 1, 2)),
        row("transpose", Gens.shapes(2, 3, 3), REAL, x -> transpose(x)),
        OpSpec.fixed("permute", List.of(Shape.of(2, 3, 2)), List.of(REAL), a -> permute(a.get(0), 2, 0, 1)),
        OpSpec.fixed("broadcastTo", List.of(Shape.of(3)), List.of(REAL), a -> broadcastTo(a.get(0), Shape.of(2, 3))),
        OpSpec.fixed("broadcastTo(inner)", List.of(Shape.of(2, 1)), List.of(REAL),
            a -> broadcastTo(a.get(0), Shape.of(2, 3))),
        OpSpec.fixed("slice", List.of(Shape.of(4, 3)), List.of(REAL),
            a -> slice(a.get(0), new int[] {1, 0}, new int[] {4, 3}, new int[] {2, 2})),
        OpSpec.fixed("unslice", List.of(Shape.of(2)), List.of(REAL),
            a -> unslice(a.get(0), Shape.of(5), new int[] {1}, new int[] {2})),
        OpSpec.fixed("index", List.of(Shape.of(3, 2)), List.of(REAL), a -> a.get(0).get(1)),
        OpSpec.fixed("index(1, -1)", List.of(Shape.of(2, 3, 2)), List.of(REAL), a -> index(a.get(0), 1, -1)),
        OpSpec.fixed("concat", List.of(Shape.of(2, 3), Shape.of(1, 3)), List.of(REAL, REAL),
            a -> concat(0, a.get(0), a.get(1))),
        OpSpec.fixed("concat(axis -1)", List.of(Shape.of(2, 1), Shape.of(2, 2), Shape.of(2, 3)),
            List.of(REAL, REAL, REAL), a -> concat(-1, a.get(0), a.get(1), a.get(2))),
        OpSpec.fixed("stack", List.of(Shape.of(2, 2), Shape.of(2, 2)), List.of(REAL, REAL),
            a -> stack(1, a.get(0), a.get(1))));
  }

  private static List<OpSpec> linearAlgebra() {
    Shape m = Shape.of(3, 3);
    Shape stack = Shape.of(2, 3, 3);
    return List.of(
        // linear algebra on A + 7I: entries in [-2, 2] make it strictly diagonally dominant, so det A > 0
        OpSpec.fixed("solve", List.of(m, Shape.of(3, 2)), List.of(REAL, REAL),
            a -> solve(dominant(a.get(0)), a.get(1))),
        OpSpec.fixed("solve(matrix, vector)", List.of(m, Shape.of(3)), List.of(REAL, REAL),
            a -> solve(dominant(a.get(0)), a.get(1))),
        OpSpec.fixed("inverse", List.of(m), List.of(REAL), a -> inverse(dominant(a.get(0)))),
        OpSpec.fixed("triangularSolve(lower)", List.of(m, Shape.of(3, 2)), List.of(REAL, REAL),
            a -> triangularSolve(dominant(a.get(0)), a.get(1), true)),
        OpSpec.fixed("triangularSolve(upper, vector)", List.of(m, Shape.of(3)), List.of(REAL, REAL),
            a -> triangularSolve(dominant(a.get(0)), a.get(1), false)),
        OpSpec.fixed("cholesky(B Bᵀ + I)", List.of(m), List.of(REAL),
            a -> cholesky(matmul(a.get(0), transpose(a.get(0))).plus(constant(Tensor.eye(3).cast(a.get(0).dtype()))))),
        OpSpec.fixed("cholesky(unsymmetric)", List.of(m), List.of(REAL), a -> cholesky(dominant(a.get(0)))),
        OpSpec.fixed("logAbsDet", List.of(m), List.of(REAL), a -> logAbsDet(dominant(a.get(0)))),
        OpSpec.fixed("logdet (detSign inside)", List.of(m), List.of(REAL),
            a -> logdet(dominant(a.get(0))).times(detSign(matmul(constant(Tensor.of(new double[] {0, 1, 0, 1, 0, 0, 0, 0,
                1}, 3, 3).cast(a.get(0).dtype())), dominant(a.get(0)))))),
        OpSpec.fixed("solve(batched)", List.of(stack, Shape.of(2, 3, 2)), List.of(REAL, REAL),
            a -> solve(dominant(a.get(0)), a.get(1))),
        OpSpec.fixed("solve(batched, vectors)", List.of(stack, Shape.of(2, 3)), List.of(REAL, REAL),
            a -> solve(dominant(a.get(0)), a.get(1))),
        OpSpec.fixed("inverse(batched)", List.of(stack), List.of(REAL), a -> inverse(dominant(a.get(0)))),
        OpSpec.fixed("triangularSolve(upper, batched)", List.of(stack, Shape.of(2, 3, 2)), List.of(REAL, REAL),
            a -> triangularSolve(dominant(a.get(0)), a.get(1), false)),
        OpSpec.fixed("cholesky(B Bᵀ + I, batched)", List.of(stack), List.of(REAL),
            a -> cholesky(matmul(a.get(0), transpose(a.get(0))).plus(constant(Tensor.eye(3).cast(a.get(0).dtype()))))),
        OpSpec.fixed("logAbsDet(batched)", List.of(stack), List.of(REAL), a -> logAbsDet(dominant(a.get(0)))),
        OpSpec.fixed("logdet(batched, detSign inside)", List.of(stack), List.of(REAL),
            a -> logdet(dominant(a.get(0))).times(detSign(neg(dominant(a.get(0)))))),
        // eigh of 0.2 A + diag(0, 3, 6): the symmetric part moves each eigenvalue by at most 1.2, so gaps stay >= 0.6
        OpSpec.fixed("eigvalsh", List.of(m), List.of(REAL), a -> eigvalsh(separated(a.get(0)))),
        OpSpec.fixed("eigvalsh(batched)", List.of(stack), List.of(REAL), a -> eigvalsh(separated(a.get(0)))),
        // eigenvectors only up to sign, so through sign-invariant functions
        OpSpec.fixed("eigh (V ⊙ V)", List.of(m), List.of(REAL), a -> square(eigh(separated(a.get(0))).eigenvectors())),
        OpSpec.fixed("eigh (V diag(sin w) Vᵀ, batched)", List.of(stack), List.of(REAL), a -> {
          EighResult e = eigh(separated(a.get(0)));
          Expr v = e.eigenvectors();
          return matmul(v.times(reshape(sin(e.eigenvalues()), 2, 1, 3)), transpose(v));
        }));
  }

  /**
   * The rows of conv2d (stride and padding variants), maxPool2d (inputs from
   * {@code Gens.distinctTensors}: no ties in a window) and avgPool2d: empty until those ops
   * reach {@code Fx}; add one fixed-shape {@link OpSpec} row per variant here.
   */
  private static List<OpSpec> convolutionAndPooling() {
    ConvGeometry strided = new ConvGeometry(2, 1, 1, 0);
    PoolGeometry pool = new PoolGeometry(2, 2, 2, 2);
    PoolGeometry overlapping = new PoolGeometry(3, 2, 1, 2);
    Shape x = Shape.of(2, 2, 5, 4);
    Shape w = Shape.of(3, 2, 3, 2);
    Shape y = Shape.of(2, 3, 3, 3);
    Shape p = Shape.of(2, 2, 2, 2);
    Shape q = Shape.of(2, 2, 3, 2);
    return List.of(
        OpSpec.fixed("conv2d", List.of(x, w), List.of(REAL, REAL), a -> conv2d(a.get(0), a.get(1), 1, 1)),
        OpSpec.fixed("conv2d(stride 2x1, pad 1x0)", List.of(x, w), List.of(REAL, REAL),
            a -> conv2d(a.get(0), a.get(1), strided)),
        OpSpec.fixed("conv2dBackwardInput", List.of(y, w), List.of(REAL, REAL),
            a -> Adjoints.conv2dBackwardInput(a.get(0), a.get(1), x, strided)),
        OpSpec.fixed("conv2dBackwardWeight", List.of(x, y), List.of(REAL, REAL),
            a -> Adjoints.conv2dBackwardWeight(a.get(0), a.get(1), w, strided)),
        OpSpec.fixed("maxPool2d", List.of(x), List.of(REAL), a -> maxPool2d(a.get(0), pool)).where(windowsApart(pool)),
        OpSpec.fixed("maxPool2d(overlapping)", List.of(x), List.of(REAL), a -> maxPool2d(a.get(0), overlapping))
            .where(windowsApart(overlapping)),
        OpSpec.fixed("maxPool2dScatter", List.of(x, p), List.of(REAL, REAL),
            a -> Adjoints.maxPool2dScatter(a.get(0), a.get(1), pool)).where(windowsApart(pool)),
        OpSpec.fixed("maxPool2dGather", List.of(x, x), List.of(REAL, REAL),
            a -> Adjoints.maxPool2dGather(a.get(0), a.get(1), pool)).where(windowsApart(pool)),
        OpSpec.fixed("avgPool2d", List.of(x), List.of(REAL), a -> avgPool2d(a.get(0), overlapping)),
        OpSpec.fixed("avgPool2dBackward", List.of(q), List.of(REAL),
            a -> Adjoints.avgPool2dBackward(a.get(0), x, overlapping)));
  }

  /** In every pooling window of the first input, the two largest values are {@code >= 0.05} apart. */
  private static Predicate<List<Tensor>> windowsApart(PoolGeometry g) {
    return xs -> {
      Tensor t = xs.get(0);
      int n = t.shape().dim(0) * t.shape().dim(1);
      int h = t.shape().dim(2);
      int wd = t.shape().dim(3);
      double[] d = t.toArray();
      for (int c = 0; c < n; c++) {
        for (int i = 0; i + g.windowH() <= h; i += g.strideH()) {
          for (int j = 0; j + g.windowW() <= wd; j += g.strideW()) {
            double best = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int di = 0; di < g.windowH(); di++) {
              for (int dj = 0; dj < g.windowW(); dj++) {
                double v = d[c * h * wd + (i + di) * wd + j + dj];
                if (v > best) {
                  second = best;
                  best = v;
                } else if (v > second) {
                  second = v;
                }
              }
            }
            if (best - second < 0.05) {
              return false;
            }
          }
        }
      }
      return true;
    };
  }

  private static List<OpSpec> selection() {
    return List.of(
        OpSpec.fixed("where", List.of(Shape.of(2, 3), Shape.of(2, 3)), List.of(REAL, REAL),
            a -> where(constant(Tensor.matrix(new double[] {1, 0, 1}, new double[] {0, 0, 1}).cast(a.get(0).dtype())),
                a.get(0), a.get(1))),
        OpSpec.binary("where(broadcast)", REAL, REAL, (a, b) -> where(gt(scalar(1), scalar(0)), a, b)),
        // repeated indices: the adjoint adds their cotangents
        OpSpec.fixed("gather(axis 0)", List.of(Shape.of(4, 3)), List.of(REAL),
            a -> gather(a.get(0), constant(Tensor.of(new int[] {3, 0, 3, 1, 2, 0}, 2, 3)), 0)),
        OpSpec.fixed("gather(axis -1)", List.of(Shape.of(2, 4)), List.of(REAL),
            a -> gather(a.get(0), constant(Tensor.of(new int[] {1, 3, 3, 0, 2}, 5)), -1)),
        // an Elman RNN over 3 steps: final carry plus the stacked outputs, weights read from outside
        OpSpec.fixed("scan", List.of(Shape.of(2, 2), Shape.of(3, 2, 2), Shape.of(2, 2)), List.of(REAL, REAL, REAL),
            a -> {
              List<Expr> r = Scans.scan((c, x) -> Step.of(tanh(matmul(c.get(0), a.get(2)).plus(x.get(0)))),
                  List.of(a.get(0)), List.of(a.get(1)));
              return r.get(0).plus(sum(r.get(1), new int[] {0}, false));
            }),
        OpSpec.fixed("scan(reverse, no outputs)", List.of(Shape.of(2), Shape.of(4, 2)), List.of(REAL, REAL),
            a -> Scans.scan((c, x) -> new Step(List.of(sin(c.get(0)).times(x.get(0))), List.of()),
                List.of(a.get(0)), List.of(a.get(1)), 4, true).get(0)),
        OpSpec.fixed("scatterAdd", List.of(Shape.of(2, 3, 2)), List.of(REAL),
            a -> scatterAdd(a.get(0), constant(Tensor.of(new int[] {1, 0, 1}, 3)), 1, 4)),
        row("tril", Gens.shapes(2, 3, 3), REAL, x -> tril(x, 0)),
        row("triu(k = 1)", Gens.shapes(2, 3, 3), REAL, x -> triu(x, 1)),
        OpSpec.fixed("tril(k = -1, batched)", List.of(Shape.of(2, 3, 2)), List.of(REAL), a -> tril(a.get(0), -1)),
        OpSpec.fixed("softmax(mask, a line fully masked)", List.of(Shape.of(3, 4)), List.of(REAL),
            a -> softmax(a.get(0), -1, constant(Tensor.matrix(
                new double[] {1, 0, 1, 1}, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1})))),
        OpSpec.fixed("softmax(broadcast mask, axis 0)", List.of(Shape.of(3, 2, 4)), List.of(REAL),
            a -> softmax(a.get(0), 0, constant(Tensor.of(new double[] {1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0}, 3, 1, 4)))));
  }

  private static OpSpec row(String name, Gen<Shape> shapes, Domain d, java.util.function.UnaryOperator<Expr> f) {
    return OpSpec.of(name, shapes.map(List::of), List.of(d), a -> f.apply(a.get(0)));
  }

  private static List<Shape> matrixShapes(SplittableRandom rng) {
    int m = rng.nextInt(1, 4);
    int k = rng.nextInt(1, 4);
    int n = rng.nextInt(1, 4);
    return List.of(Shape.of(m, k), Shape.of(k, n));
  }

  /** Inputs whose elements are pairwise {@code >= 0.05} apart (no ties for max and min). */
  private static Predicate<List<Tensor>> distinct() {
    return xs -> Gens.separated(xs.get(0).toArray(), 0.05);
  }

  /** Two inputs whose broadcast elements are {@code >= gap} apart (no ties for maximum, minimum, gt). */
  private static Predicate<List<Tensor>> apart(double gap) {
    return xs -> {
      Tensor a = xs.get(0);
      Tensor b = xs.get(1);
      Shape s = Shape.broadcast(a.shape(), b.shape());
      double[] d = a.broadcastTo(s).minus(b.broadcastTo(s)).abs().toArray();
      return java.util.Arrays.stream(d).allMatch(v -> v >= gap);
    };
  }

  /** {@code a + 7I} (each matrix of a stack): strictly diagonally dominant for entries in {@code [-2, 2]}, {@code n <= 3}. */
  private static Expr dominant(Expr a) {
    return a.plus(constant(Tensor.eye(a.shape().dim(-1)).times(7.0).cast(a.dtype())));
  }

  /**
   * {@code 0.2 a + diag(0, 3, 6)} (each matrix of a stack): for entries in {@code [-2, 2]} the symmetric part of
   * {@code 0.2 a} has spectral norm {@code <= 0.2 ‖a‖_F <= 1.2}, so eigenvalues are {@code >= 0.6} apart (Weyl).
   */
  private static Expr separated(Expr a) {
    Tensor d = Tensor.of(new double[] {0, 0, 0, 0, 3, 0, 0, 0, 6}, 3, 3);
    return a.times(0.2).plus(constant(d.cast(a.dtype())));
  }
}
