package dev.fluxion.autodiff.expr;

import dev.fluxion.autodiff.op.*;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.ConvGeometry;
import dev.fluxion.autodiff.tensor.PoolGeometry;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Indexing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expression DSL: static factories named after the math ({@code import static
 * dev.fluxion.autodiff.expr.Fx.*}).
 *
 * <p>Every factory infers the result shape at once and throws {@link IllegalArgumentException}
 * naming the op and the shapes on a mismatch. Binary ops broadcast (NumPy rules) by inserting
 * explicit {@code broadcast} nodes. Cheap local simplifications apply as nodes are built:
 * constant folding (an op whose arguments are all constants becomes a constant),
 * {@code x + 0 = x}, {@code x * 1 = x}, {@code x * -1 = -x}, {@code --x = x}, identity reshapes and
 * broadcasts. {@code x * 0} and {@code 0 / x} are not folded unless {@code x} is constant too (then
 * IEEE arithmetic decides): with {@code x} infinite or NaN they are NaN, as in JAX. Only the
 * strong-zero product {@link #maskedMul} folds a zero factor.
 */
public final class Fx {
  private Fx() {}

  // ------------------------------------------------------------------ leaves

  /**
   * {@return A constant leaf}
   *
   * @param value any shape; kept as is (tensors are immutable)
   */
  public static Expr constant(Tensor value) {
    return new Const(value);
  }

  /**
   * {@return A rank-0 constant}
   *
   * @param value any double, NaN and infinities included
   */
  public static Expr scalar(double value) {
    return new Const(Tensor.scalar(value));
  }

  /**
   * {@return A constant of zeros}
   *
   * @param shape non-negative dimensions
   */
  public static Expr zeros(Shape shape) {
    return new Const(Tensor.zeros(shape));
  }

  /**
   * {@return A constant of ones}
   *
   * @param shape non-negative dimensions
   */
  public static Expr ones(Shape shape) {
    return new Const(Tensor.ones(shape));
  }

  /**
   * {@return A constant of zeros of dtype {@code dtype}}
   *
   * @param shape non-negative dimensions
   * @param dtype float64 or float32
   */
  public static Expr zeros(Shape shape, DType dtype) {
    return new Const(Tensor.zeros(shape, dtype));
  }

  /**
   * {@return A constant of ones of dtype {@code dtype}}
   *
   * @param shape non-negative dimensions
   * @param dtype float64 or float32
   */
  public static Expr ones(Shape shape, DType dtype) {
    return new Const(Tensor.ones(shape, dtype));
  }

  /**
   * {@return zeros of {@code e}'s shape and dtype}
   *
   * @param e any expression; only its shape and dtype are used
   */
  public static Expr zerosLike(Expr e) {
    return zeros(Checks.notNull(e, "e").shape(), e.dtype());
  }

  /**
   * {@return ones of {@code e}'s shape and dtype}
   *
   * @param e any expression; only its shape and dtype are used
   */
  public static Expr onesLike(Expr e) {
    return ones(Checks.notNull(e, "e").shape(), e.dtype());
  }

  /**
   * {@return {@code e} converted to {@code dtype} (itself if it has that dtype): float64 to float32
   * rounds to nearest, float32 to float64 is exact; the derivative converts back}
   *
   * @param e the expression to convert
   * @param dtype the target dtype
   */
  public static Expr cast(Expr e, DType dtype) {
    Checks.notNull(e, "e");
    return Checks.notNull(dtype, "dtype") == e.dtype() ? e : apply(new Cast(dtype), e);
  }

  /**
   * {@return A variable of the given shape and dtype}
   *
   * @param name non-blank; variables with the same name are the same variable
   * @param shape non-negative dimensions
   * @param dtype float64 or float32
   */
  public static Var variable(String name, Shape shape, DType dtype) {
    return shared(new Var(name, shape, dtype));
  }

  /**
   * {@return A scalar variable}
   *
   * @param name non-blank; variables with the same name are the same variable
   */
  public static Var variable(String name) {
    return shared(new Var(name, Shape.scalar()));
  }

  /**
   * {@return A variable of the given shape}
   *
   * @param name non-blank; variables with the same name are the same variable
   * @param shape non-negative dimensions
   */
  public static Var variable(String name, Shape shape) {
    return shared(new Var(name, shape));
  }

  /**
   * {@return A variable of shape {@code dims}}
   *
   * @param name non-blank; variables with the same name are the same variable
   * @param dims non-negative dimensions; none for a scalar
   */
  public static Var variable(String name, int... dims) {
    return shared(new Var(name, Shape.of(dims)));
  }

  /** {@return the live variable equal to {@code v} that nodes are built on, or {@code v} itself (see {@link Apply})} */
  private static Var shared(Var v) {
    return Interner.sharing() ? (Var) Interner.canonical(v) : v;
  }

  // ------------------------------------------------------------------ generic application

  /**
   * {@return {@code op(args)}, folded to a constant when every argument is constant}
   *
   * @param op any op, built-in or custom
   * @param args as many as the op's arity, shapes the op accepts
   * @throws IllegalArgumentException if the arity or the shapes do not fit the op
   */
  public static Expr apply(Op op, Expr... args) {
    return Simplify.apply(op, args);
  }

  // ------------------------------------------------------------------ arithmetic

  /**
   * {@return {@code -x}}
   *
   * @param x any shape
   */
  public static Expr neg(Expr x) {
    return Simplify.neg(x);
  }

  /**
   * {@return {@code a + b}, broadcasting}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr add(Expr a, Expr b) {
    return Simplify.add(a, b);
  }

  /**
   * {@return {@code a - b}, broadcasting}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr sub(Expr a, Expr b) {
    return Simplify.sub(a, b);
  }

  /**
   * {@return {@code a * b} elementwise, broadcasting}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr mul(Expr a, Expr b) {
    return Simplify.product("mul", a, b, Mul.OP, false);
  }

  /**
   * {@return the strong-zero product {@code a == 0 || b == 0 ? 0 : a * b}, broadcasting: the derivative
   * rules of masks (relu, abs, max) multiply by it, so that what a mask cuts off (an infinite tangent)
   * and what it is not asked about (a zero tangent at a NaN mask) stays exactly zero}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr maskedMul(Expr a, Expr b) {
    return Simplify.product("maskedMul", a, b, MaskedMul.OP, true);
  }

  /**
   * {@return {@code a / b} elementwise, broadcasting}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr div(Expr a, Expr b) {
    return Simplify.div(a, b);
  }

  /**
   * {@return {@code 1 / x}}
   *
   * @param x any shape
   */
  public static Expr reciprocal(Expr x) {
    return div(scalar(1.0), x);
  }

  /**
   * {@return {@code a ^ b} elementwise, broadcasting}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr pow(Expr a, Expr b) {
    return Simplify.pow(a, b);
  }

  /**
   * {@return {@code a ^ c}}
   *
   * @param a any shape
   * @param c any double; the exponent
   */
  public static Expr pow(Expr a, double c) {
    return pow(a, scalar(c));
  }

  /**
   * {@return {@code x * x}}
   *
   * @param x any shape
   */
  public static Expr square(Expr x) {
    return mul(x, x);
  }

  /**
   * {@return elementwise maximum, broadcasting; ties split the derivative equally}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr maximum(Expr a, Expr b) {
    return apply(Maximum.MAX, Simplify.broadcast("maximum", a, b));
  }

  /**
   * {@return elementwise minimum, broadcasting; ties split the derivative equally}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr minimum(Expr a, Expr b) {
    return apply(Maximum.MIN, Simplify.broadcast("minimum", a, b));
  }

  // ------------------------------------------------------------------ elementwise functions

  /**
   * {@return {@code e^x}}
   *
   * @param x any shape
   */
  public static Expr exp(Expr x) {
    return apply(Exp.OP, x);
  }

  /**
   * {@return {@code e^x - 1}, exact for tiny {@code x} where {@code exp(x) - 1} rounds to 0}
   *
   * @param x any shape
   */
  public static Expr expm1(Expr x) {
    return apply(Expm1.OP, x);
  }

  /**
   * {@return {@code A⁻¹ b}, the solution of {@code A X = b}, by LU decomposition with partial pivoting;
   * a stack of systems is solved system by system}
   *
   * @param a a square matrix {@code [n, n]}, not singular, or a stack of them {@code [..., n, n]}
   * @param b {@code [..., n, m]}, or vectors {@code [..., n]} (then the result is {@code [..., n]}), with
   *     {@code a}'s batch dimensions {@code [...]} (they do not broadcast)
   * @throws IllegalArgumentException if the shapes do not fit; at evaluation, if a matrix is exactly singular
   */
  public static Expr solve(Expr a, Expr b) {
    return Matrices.solve(Solve.OP, Checks.notNull(a, "a"), Checks.notNull(b, "b"));
  }

  /**
   * {@return {@code T⁻¹ b} for a triangular {@code t}, by substitution: only the triangle named is read}
   *
   * @param t a square matrix {@code [n, n]} with no zero on its diagonal, or a stack of them {@code [..., n, n]}
   * @param b {@code [..., n, m]}, or vectors {@code [..., n]} (then the result is {@code [..., n]}), with
   *     {@code t}'s batch dimensions {@code [...]} (they do not broadcast)
   * @param lower whether {@code t}'s lower triangle is read (else its upper one)
   * @throws IllegalArgumentException if the shapes do not fit; at evaluation, if a diagonal entry is 0
   */
  public static Expr triangularSolve(Expr t, Expr b, boolean lower) {
    return Matrices.solve(new TriangularSolve(lower), Checks.notNull(t, "t"), Checks.notNull(b, "b"));
  }

  /**
   * {@return {@code A⁻¹}, as {@code solve(a, I)}, matrix by matrix for a stack}
   *
   * @param a a square matrix {@code [n, n]}, not singular, or a stack of them {@code [..., n, n]}
   * @throws IllegalArgumentException if {@code a} is not square; at evaluation, if a matrix is exactly singular
   */
  public static Expr inverse(Expr a) {
    return Matrices.inverse(Checks.notNull(a, "a"));
  }

  /**
   * {@return the Cholesky factor {@code L} (lower triangular, {@code L Lᵀ = (A + Aᵀ)/2}), matrix by matrix}
   *
   * @param a a square matrix {@code [n, n]} whose symmetric part is positive definite (a covariance), or a
   *     stack of them {@code [..., n, n]}
   * @throws IllegalArgumentException if {@code a} is not square; at evaluation, if a symmetric part is
   *     not positive definite
   */
  public static Expr cholesky(Expr a) {
    return apply(Cholesky.OP, Checks.notNull(a, "a"));
  }

  /**
   * {@return {@code log |det A|}, shape {@code [...]} (a scalar for one matrix); {@code -∞} for a singular {@code A}}
   *
   * @param a a square matrix {@code [n, n]} or a stack of them {@code [..., n, n]}
   * @throws IllegalArgumentException if {@code a} is not square
   */
  public static Expr logAbsDet(Expr a) {
    return apply(LogAbsDet.OP, Checks.notNull(a, "a"));
  }

  /**
   * {@return the sign of {@code det A}: 1, -1, or 0 if singular, shape {@code [...]}; derivatives zero}
   *
   * @param a a square matrix {@code [n, n]} or a stack of them {@code [..., n, n]}
   * @throws IllegalArgumentException if {@code a} is not square
   */
  public static Expr detSign(Expr a) {
    return apply(DetSign.OP, Checks.notNull(a, "a"));
  }

  /**
   * {@return {@code log det A}: {@code logAbsDet(a) + log(detSign(a))}, so NaN where {@code det A < 0}
   * and {@code -∞} where it is 0 (as {@code log} of a negative or zero number); shape {@code [...]}}
   *
   * @param a a square matrix {@code [n, n]} or a stack of them {@code [..., n, n]}; a covariance matrix
   *     (positive definite) has {@code det A > 0}
   * @throws IllegalArgumentException if {@code a} is not square
   */
  public static Expr logdet(Expr a) {
    return logAbsDet(a).plus(log(detSign(a)));
  }

  /**
   * {@return the eigenvalues of the symmetric part {@code (A + Aᵀ)/2}, ascending, shape {@code [..., n]}}
   * (NumPy's {@code eigvalsh}); see {@link Eigh} for the derivatives
   *
   * @param a a square matrix {@code [n, n]} or a stack of them {@code [..., n, n]}
   * @throws IllegalArgumentException if {@code a} is not square
   */
  public static Expr eigvalsh(Expr a) {
    return apply(Eigh.VALUES, Checks.notNull(a, "a"));
  }

  /**
   * {@return the eigendecomposition {@code (A + Aᵀ)/2 = V diag(w) Vᵀ}: eigenvalues {@code w [..., n]}
   * ascending and orthonormal eigenvectors {@code V [..., n, n]} (column {@code j} belongs to {@code w_j}),
   * each signed so that its largest-magnitude component is positive; see {@link Eigh} for the derivatives,
   * which are not finite for the eigenvectors of a repeated eigenvalue}
   *
   * @param a a square matrix {@code [n, n]} or a stack of them {@code [..., n, n]}
   * @throws IllegalArgumentException if {@code a} is not square
   */
  public static EighResult eigh(Expr a) {
    return new EighResult(eigvalsh(a), apply(Eigh.VECTORS, a));
  }

  /**
   * {@return {@code x}, with every derivative zero (JAX's {@code stop_gradient}): forward, reverse and
   * symbolic differentiation treat it as a constant, to any order}
   *
   * @param x any shape, a float dtype
   */
  public static Expr stopGradient(Expr x) {
    return apply(StopGradient.OP, Checks.notNull(x, "x"));
  }

  /**
   * {@return the error function {@code erf(x) = 2/√π ∫_0^x e^(-t²) dt}, in {@code [-1, 1]}, within about
   * 1 ulp in float64; derivative {@code 2/√π · e^(-x²)}}
   *
   * @param x any shape, any value ({@code erf(±∞) = ±1})
   */
  public static Expr erf(Expr x) {
    return apply(Erf.OP, x);
  }

  /**
   * {@return the exact GELU {@code x Φ(x) = x/2 · (1 + erf(x/√2))}, composed of {@link #erf}; for
   * {@code x} far below 0 it rounds to 0 (absolute error below {@code 1e-16 |x|}) where {@code x Φ(x)}
   * is tiny but not 0}
   *
   * @param x any shape
   */
  public static Expr gelu(Expr x) {
    Checks.notNull(x, "x");
    return x.times(0.5).times(erf(x.times(Math.sqrt(0.5))).plus(1.0));
  }

  /**
   * {@return the tanh approximation of GELU, {@code x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))} (within
   * about {@code 5e-4} of {@link #gelu})}
   *
   * @param x any shape
   */
  public static Expr geluTanh(Expr x) {
    Expr inner = Checks.notNull(x, "x").plus(x.times(square(x)).times(0.044715)).times(Math.sqrt(2 / Math.PI));
    return x.times(0.5).times(tanh(inner).plus(1.0));
  }

  /**
   * {@return {@code ln x}, domain {@code x > 0}}
   *
   * @param x any shape; {@code x <= 0} gives NaN or -∞
   */
  public static Expr log(Expr x) {
    return apply(Log.OP, x);
  }

  /**
   * {@return {@code ln(1 + x)}, domain {@code x > -1}, exact for tiny {@code x} where {@code log(1 + x)} rounds to 0}
   *
   * @param x any shape; {@code x <= -1} gives NaN or -∞
   */
  public static Expr log1p(Expr x) {
    return apply(Log1p.OP, x);
  }

  /**
   * {@return {@code √x}, domain {@code x >= 0}}
   *
   * @param x any shape; {@code x < 0} gives NaN
   */
  public static Expr sqrt(Expr x) {
    return apply(Sqrt.OP, x);
  }

  /**
   * {@return {@code |x|}; derivative 0 at 0}
   *
   * @param x any shape
   */
  public static Expr abs(Expr x) {
    return apply(Abs.OP, x);
  }

  /**
   * {@return {@code sin x}}
   *
   * @param x any shape
   */
  public static Expr sin(Expr x) {
    return apply(Sin.OP, x);
  }

  /**
   * {@return {@code cos x}}
   *
   * @param x any shape
   */
  public static Expr cos(Expr x) {
    return apply(Cos.OP, x);
  }

  /**
   * {@return {@code tan x}}
   *
   * @param x any shape
   */
  public static Expr tan(Expr x) {
    return apply(Tan.OP, x);
  }

  /**
   * {@return {@code tanh x}}
   *
   * @param x any shape
   */
  public static Expr tanh(Expr x) {
    return apply(Tanh.OP, x);
  }

  /**
   * {@return {@code 1 / (1 + e^-x)}}
   *
   * @param x any shape
   */
  public static Expr sigmoid(Expr x) {
    return apply(Sigmoid.OP, x);
  }

  /**
   * {@return {@code max(x, 0)}; derivative 0 at 0}
   *
   * @param x any shape
   */
  public static Expr relu(Expr x) {
    return apply(Relu.OP, x);
  }

  /**
   * {@return {@code x > 0 ? x : alpha x}}
   *
   * @param x any shape
   * @param alpha the slope for negative inputs
   */
  public static Expr leakyRelu(Expr x, double alpha) {
    return apply(new LeakyRelu(alpha), x);
  }

  /**
   * {@return {@code ln(1 + e^x)}, overflow-free}
   *
   * @param x any shape
   */
  public static Expr softplus(Expr x) {
    return apply(Softplus.OP, x);
  }

  /**
   * {@return {@code x > 0 ? 1 : 0}; zero derivative}
   *
   * @param x any shape
   */
  public static Expr step(Expr x) {
    return apply(Step.OP, x);
  }

  /**
   * {@return {@code sign(x)}; zero derivative}
   *
   * @param x any shape
   */
  public static Expr sign(Expr x) {
    return apply(Sign.OP, x);
  }

  // ------------------------------------------------------------------ comparisons and selection

  /**
   * {@return 1 where {@code a > b}, else 0; zero derivative}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr gt(Expr a, Expr b) {
    return apply(Compare.GT, Simplify.broadcast("gt", a, b));
  }

  /**
   * {@return 1 where {@code a >= b}, else 0; zero derivative}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr ge(Expr a, Expr b) {
    return apply(Compare.GE, Simplify.broadcast("ge", a, b));
  }

  /**
   * {@return 1 where {@code a < b}, else 0; zero derivative}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr lt(Expr a, Expr b) {
    return apply(Compare.LT, Simplify.broadcast("lt", a, b));
  }

  /**
   * {@return 1 where {@code a <= b}, else 0; zero derivative}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr le(Expr a, Expr b) {
    return apply(Compare.LE, Simplify.broadcast("le", a, b));
  }

  /**
   * {@return 1 where {@code a == b}, else 0; zero derivative}
   *
   * @param a any shape; broadcasts with {@code b}
   * @param b any shape; broadcasts with {@code a}
   */
  public static Expr eq(Expr a, Expr b) {
    return apply(Compare.EQ, Simplify.broadcast("eq", a, b));
  }

  /**
   * {@return {@code c != 0 ? a : b} elementwise, all three broadcast; never leaks NaN from the branch not taken}
   *
   * @param c the condition, any shape broadcasting with {@code a} and {@code b}; nonzero selects {@code a}
   * @param a taken where {@code c != 0}
   * @param b taken where {@code c == 0}
   */
  public static Expr where(Expr c, Expr a, Expr b) {
    return Simplify.where(c, a, b);
  }

  // ------------------------------------------------------------------ indexing

  /**
   * {@return the slices of {@code x} along {@code axis} at {@code indices} (NumPy's {@code take}):
   * shape {@code x[:axis] ++ indices ++ x[axis+1:]}; an embedding lookup is {@code gather(table, tokens, 0)}}
   *
   * @param x float values, rank ≥ 1
   * @param indices int32, any shape, every element in {@code [0, x.shape().dim(axis))} when evaluated
   * @param axis in {@code [-rank, rank)}
   * @throws IllegalArgumentException if {@code indices} is not int32 or the axis is out of range
   */
  public static Expr gather(Expr x, Expr indices, int axis) {
    Checks.notNull(x, "x");
    Checks.notNull(indices, "indices");
    return apply(new Gather(Indexing.axis("gather", x.shape(), axis)), x, indices);
  }

  /**
   * {@return the transpose of {@link #gather}: zeros of shape {@code updates[:axis] ++ [size] ++
   * updates[axis+indices.rank:]} with each slice of {@code updates} added at its index}
   *
   * @param updates float values holding the indices' shape at axes {@code [axis, axis + indices.rank)}
   * @param indices int32, every element in {@code [0, size)} when evaluated
   * @param axis where the indices' axes start in {@code updates}, {@code >= 0}
   * @param size the output's length along {@code axis}, {@code >= 0}
   * @throws IllegalArgumentException if the shapes or dtypes do not fit
   */
  public static Expr scatterAdd(Expr updates, Expr indices, int axis, int size) {
    return apply(new ScatterAdd(axis, size), Checks.notNull(updates, "updates"), Checks.notNull(indices, "indices"));
  }

  // ------------------------------------------------------------------ broadcasting and reductions

  /**
   * {@return {@code x} broadcast to {@code target} (NumPy rules)}
   *
   * @param x any shape broadcasting to {@code target}
   * @param target a shape {@code x} broadcasts to
   * @throws IllegalArgumentException if it does not broadcast
   */
  public static Expr broadcastTo(Expr x, Shape target) {
    return Simplify.broadcastTo(x, target);
  }

  /**
   * {@return the sum of {@code x} down to {@code target}, the adjoint of {@link #broadcastTo}}
   *
   * @param x any shape
   * @param target a shape that broadcasts to {@code x}'s shape
   * @throws IllegalArgumentException if {@code target} does not broadcast to {@code x}'s shape
   */
  public static Expr sumTo(Expr x, Shape target) {
    return Layouts.sumTo(Checks.notNull(x, "x"), Checks.notNull(target, "target"));
  }

  /**
   * {@return the sum of all elements (rank 0)}
   *
   * @param x any shape
   */
  public static Expr sum(Expr x) {
    return sum(x, Axes.all(x), false);
  }

  /**
   * {@return the sum over {@code axes} (negative axes count from the end)}
   *
   * @param x any shape
   * @param axes each in {@code [-rank, rank)}, no repeats; empty reduces nothing
   * @param keepDims whether reduced axes stay, with size 1
   * @throws IllegalArgumentException if an axis is out of range or repeated
   */
  public static Expr sum(Expr x, int[] axes, boolean keepDims) {
    return Simplify.sum(x, Axes.normalize("sum", x, axes), keepDims);
  }

  /**
   * {@return the mean of all elements (rank 0)}
   *
   * @param x any shape
   */
  public static Expr mean(Expr x) {
    return mean(x, Axes.all(x), false);
  }

  /**
   * {@return the mean over {@code axes}}
   *
   * @param x any shape
   * @param axes each in {@code [-rank, rank)}, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public static Expr mean(Expr x, int[] axes, boolean keepDims) {
    return Layouts.mean(x, Axes.normalize("mean", x, axes), keepDims);
  }

  /**
   * {@return the maximum of all elements (rank 0); tied maxima share the derivative}
   *
   * @param x any shape
   */
  public static Expr max(Expr x) {
    return max(x, Axes.all(x), false);
  }

  /**
   * {@return the maximum over {@code axes}; tied maxima share the derivative}
   *
   * @param x any shape
   * @param axes each in {@code [-rank, rank)}, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public static Expr max(Expr x, int[] axes, boolean keepDims) {
    return apply(new ReduceMax(Axes.normalize("max", x, axes), keepDims), x);
  }

  /**
   * {@return the minimum of all elements (rank 0)}
   *
   * @param x any shape
   */
  public static Expr min(Expr x) {
    return neg(max(neg(x)));
  }

  /**
   * {@return the minimum over {@code axes}}
   *
   * @param x any shape
   * @param axes each in {@code [-rank, rank)}, no repeats
   * @param keepDims whether reduced axes stay, with size 1
   */
  public static Expr min(Expr x, int[] axes, boolean keepDims) {
    return neg(max(neg(x), axes, keepDims));
  }

  /**
   * {@return {@code ln Σ e^x} along {@code axis}, stable for large magnitudes}
   *
   * @param x any shape
   * @param axis in {@code [-rank, rank)}
   * @param keepDims whether reduced axes stay, with size 1
   */
  public static Expr logSumExp(Expr x, int axis, boolean keepDims) {
    return apply(new LogSumExp(Axes.one("logSumExp", x, axis), keepDims), x);
  }

  /**
   * {@return {@code e^x / Σ e^x} along {@code axis}}
   *
   * @param x any shape
   * @param axis in {@code [-rank, rank)}
   */
  public static Expr softmax(Expr x, int axis) {
    return apply(new Softmax(Axes.one("softmax", x, axis)), x);
  }

  /**
   * {@return {@code x - logsumexp(x)} along {@code axis}}
   *
   * @param x any shape
   * @param axis in {@code [-rank, rank)}
   */
  public static Expr logSoftmax(Expr x, int axis) {
    return apply(new LogSoftmax(Axes.one("logSoftmax", x, axis)), x);
  }

  /**
   * {@return {@code e^x / Σ e^x} along {@code axis} over the entries {@code mask} keeps (1), 0 at the
   * masked ones (0); a line with every entry masked gives zeros, with zero derivatives; no value or
   * derivative of any order is NaN or infinite, whatever the masked entries of {@code x} hold}
   *
   * <p>The kept entries equal {@link #softmax(Expr, int)} over the kept entries alone (to rounding).
   *
   * @param x any shape, rank at least 1
   * @param axis in {@code [-rank, rank)}
   * @param mask 0/1, of a shape broadcasting to {@code x}'s; cast to {@code x}'s dtype; a constant mask
   *     is checked to hold only 0 and 1
   * @throws IllegalArgumentException if the axis is out of range, the mask does not broadcast to
   *     {@code x}'s shape, or a constant mask holds another value
   */
  public static Expr softmax(Expr x, int axis, Expr mask) {
    return Masking.softmax(x, Axes.one("softmax", x, axis), mask);
  }

  /**
   * {@return the inclusive cumulative sum along {@code axis}, {@code y_j = Σ_(i <= j) x_i}, same shape;
   * summed in one fixed order}
   *
   * @param x rank at least 1
   * @param axis in {@code [-rank, rank)}
   * @throws IllegalArgumentException naming the axis and the rank if the axis is out of range
   */
  public static Expr cumsum(Expr x, int axis) {
    return cumsum(x, axis, false);
  }

  /**
   * {@return the inclusive cumulative sum along {@code axis}, from the end if {@code reverse}
   * ({@code y_j = Σ_(i >= j) x_i}), same shape; its gradient is the cumulative sum the other way}
   *
   * @param x rank at least 1
   * @param axis in {@code [-rank, rank)}
   * @param reverse whether the sum runs from the end of the axis (JAX's {@code reverse=True})
   * @throws IllegalArgumentException naming the axis and the rank if the axis is out of range
   */
  public static Expr cumsum(Expr x, int axis, boolean reverse) {
    return apply(Cumsum.along(Checks.notNull(x, "x").shape(), axis, reverse), x);
  }

  // ------------------------------------------------------------------ linear algebra and layout

  /**
   * {@return the matrix product; batch dimensions broadcast and rank-1 operands act as row (left) or
   * column (right) vectors whose axis is dropped, as in NumPy}
   *
   * @param a shape {@code [..., m, k]} or {@code [k]}
   * @param b shape {@code [..., k, n]} or {@code [k]}
   * @throws IllegalArgumentException naming both shapes if the inner dimensions differ
   */
  public static Expr matmul(Expr a, Expr b) {
    return Layouts.matmul(Checks.notNull(a, "a"), Checks.notNull(b, "b"));
  }

  /**
   * {@return {@code x} in a new shape of the same size; one dimension may be -1}
   *
   * @param x any shape
   * @param dims non-negative, with at most one -1 (inferred); product equal to {@code x}'s size
   */
  public static Expr reshape(Expr x, int... dims) {
    return Layouts.reshape(Checks.notNull(x, "x"), Checks.notNull(dims, "dims"));
  }

  /**
   * {@return {@code x} in a new shape of the same size}
   *
   * @param x any shape
   * @param shape same size as {@code x}
   */
  public static Expr reshape(Expr x, Shape shape) {
    return Simplify.reshape(x, shape);
  }

  /**
   * {@return the matrix transpose: last two axes swapped (rank &lt; 2: unchanged)}
   *
   * @param x any shape
   */
  public static Expr transpose(Expr x) {
    return Layouts.transpose(Checks.notNull(x, "x"));
  }

  /**
   * {@return {@code x} with every element above diagonal {@code k} of its last two axes set to 0 (kept
   * where {@code j - i <= k}), as NumPy's {@code tril}: a {@code where} on the constant
   * {@code Masks.tril}, so the zeroed elements get exact zero derivatives}
   *
   * @param x rank at least 2
   * @param k the diagonal offset: 0 the main diagonal, above it {@code > 0}, below it {@code < 0}
   * @throws IllegalArgumentException if {@code x} has rank below 2
   */
  public static Expr tril(Expr x, int k) {
    return Masking.triangle("tril", x, k, true);
  }

  /**
   * {@return {@code x} with every element below diagonal {@code k} of its last two axes set to 0 (kept
   * where {@code j - i >= k}), as NumPy's {@code triu}}
   *
   * @param x rank at least 2
   * @param k the diagonal offset: 0 the main diagonal, above it {@code > 0}, below it {@code < 0}
   * @throws IllegalArgumentException if {@code x} has rank below 2
   */
  public static Expr triu(Expr x, int k) {
    return Masking.triangle("triu", x, k, false);
  }

  /**
   * {@return axes permuted: output axis {@code i} is input axis {@code perm[i]}}
   *
   * @param x rank {@code perm.length}
   * @param perm the permutation of the axes
   */
  public static Expr permute(Expr x, int... perm) {
    return Layouts.permute(Checks.notNull(x, "x"), Checks.notNull(perm, "perm"));
  }

  /**
   * {@return the strided slice {@code x[start:stop:step]} along every axis}
   *
   * @param x any shape; {@code start}, {@code stop}, {@code step} have one entry per axis
   * @param start the first index along each axis
   * @param stop the end (exclusive) along each axis
   * @param step the step along each axis
   */
  public static Expr slice(Expr x, int[] start, int[] stop, int[] step) {
    return apply(new Slice(Checks.notNull(start, "start"), Checks.notNull(stop, "stop"),
        Checks.notNull(step, "step")), x);
  }

  /**
   * {@return zeros of shape {@code target} with {@code x} written at {@code start + j*step}: the adjoint of slice}
   *
   * @param x the slice, one dimension per axis of {@code target}
   * @param target the unsliced shape, same rank, large enough to hold the slice at {@code start}
   * @param start the first index along each axis
   * @param step the step along each axis
   */
  public static Expr unslice(Expr x, Shape target, int[] start, int[] step) {
    return apply(new Unslice(Checks.notNull(target, "target"), Checks.notNull(start, "start"),
        Checks.notNull(step, "step")), x);
  }

  /**
   * {@return {@code x[i0, i1, ...]}: leading axes indexed and dropped (negative indices count from the end)}
   *
   * @param x rank at least {@code indices.length}
   * @param indices one per leading axis, each in {@code [-dim, dim)}
   */
  public static Expr index(Expr x, int... indices) {
    return Layouts.index(Checks.notNull(x, "x"), Checks.notNull(indices, "indices"));
  }

  /**
   * {@return expressions joined along an existing axis}
   *
   * @param axis in {@code [-rank, rank)}
   * @param parts at least one; equal shapes except along {@code axis}
   */
  public static Expr concat(int axis, Expr... parts) {
    return Layouts.concat(axis, Checks.notNull(parts, "parts"));
  }

  /**
   * {@return expressions of one shape stacked along a new axis}
   *
   * @param axis in {@code [-rank - 1, rank]} of the parts' rank
   * @param parts at least one, all of one shape
   */
  public static Expr stack(int axis, Expr... parts) {
    return Layouts.stack(axis, Checks.notNull(parts, "parts"));
  }

  // ------------------------------------------------------------------ convolution and pooling

  /**
   * {@return 2-D cross-correlation (NCHW): {@code x [N, C, H, W]}, {@code w [O, C, KH, KW]} →
   * {@code [N, O, (H + 2p - KH)/s + 1, (W + 2p - KW)/s + 1]}}
   *
   * @param stride {@code [sh, sw]}, each {@code >= 1}
   * @param padding {@code [ph, pw]} zeros on each side, each {@code >= 0}
   * @param x shape {@code [N, C, H, W]}
   * @param w shape {@code [O, C, KH, KW]}
   * @throws IllegalArgumentException naming both shapes if channels differ or the kernel does not fit
   */
  public static Expr conv2d(Expr x, Expr w, int[] stride, int[] padding) {
    return conv2d(x, w, ConvGeometry.of(stride, padding));
  }

  /**
   * {@return {@link #conv2d(Expr, Expr, int[], int[])} with one stride and one padding for both axes}
   *
   * @param x shape {@code [N, C, H, W]}
   * @param w shape {@code [O, C, KH, KW]}
   * @param stride {@code >= 1}, for both spatial axes
   * @param padding zeros on each side, {@code >= 0}, for both spatial axes
   */
  public static Expr conv2d(Expr x, Expr w, int stride, int padding) {
    return conv2d(x, w, new ConvGeometry(stride, stride, padding, padding));
  }

  /**
   * {@return {@link #conv2d(Expr, Expr, int[], int[])} with the geometry as a value}
   *
   * @param x shape {@code [N, C, H, W]}
   * @param w shape {@code [O, C, KH, KW]}
   * @param geometry the strides, padding and window or kernel sizes
   */
  public static Expr conv2d(Expr x, Expr w, ConvGeometry geometry) {
    return apply(new Conv2d(Checks.notNull(geometry, "geometry")), x, w);
  }

  /**
   * {@return max pooling (NCHW, no padding) over {@code window} with {@code stride}; the derivative flows
   * to each window's first maximal element}
   *
   * @param x shape {@code [N, C, H, W]}
   * @param window the window size along each spatial axis
   * @param stride the stride along each spatial axis
   * @throws IllegalArgumentException if the input is not rank 4 or the window does not fit
   */
  public static Expr maxPool2d(Expr x, int[] window, int[] stride) {
    return maxPool2d(x, PoolGeometry.of(window, stride));
  }

  /**
   * {@return max pooling with a square window {@code k} and stride {@code s}}
   *
   * @param x shape {@code [N, C, H, W]}
   * @param k the square window's side, {@code >= 1}
   * @param s the stride, {@code >= 1}
   */
  public static Expr maxPool2d(Expr x, int k, int s) {
    return maxPool2d(x, new PoolGeometry(k, k, s, s));
  }

  /**
   * {@return max pooling with the geometry as a value}
   *
   * @param x shape {@code [N, C, H, W]}
   * @param geometry the strides, padding and window or kernel sizes
   */
  public static Expr maxPool2d(Expr x, PoolGeometry geometry) {
    return apply(new MaxPool2d(Checks.notNull(geometry, "geometry")), x);
  }

  /**
   * {@return average pooling (NCHW, no padding) over {@code window} with {@code stride}}
   *
   * @param x shape {@code [N, C, H, W]}
   * @param window the window size along each spatial axis
   * @param stride the stride along each spatial axis
   * @throws IllegalArgumentException if the input is not rank 4 or the window does not fit
   */
  public static Expr avgPool2d(Expr x, int[] window, int[] stride) {
    return avgPool2d(x, PoolGeometry.of(window, stride));
  }

  /**
   * {@return average pooling with a square window {@code k} and stride {@code s}}
   *
   * @param x shape {@code [N, C, H, W]}
   * @param k the square window's side, {@code >= 1}
   * @param s the stride, {@code >= 1}
   */
  public static Expr avgPool2d(Expr x, int k, int s) {
    return avgPool2d(x, new PoolGeometry(k, k, s, s));
  }

  /**
   * {@return average pooling with the geometry as a value}
   *
   * @param x shape {@code [N, C, H, W]}
   * @param geometry the strides, padding and window or kernel sizes
   */
  public static Expr avgPool2d(Expr x, PoolGeometry geometry) {
    return apply(new AvgPool2d(Checks.notNull(geometry, "geometry")), x);
  }
}
