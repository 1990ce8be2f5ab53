package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A dual number {@code p + ṗε} with {@code ε² = 0}: a primal tensor and a tangent tensor of the same
 * shape, so that {@code g(p + ṗε) = g(p) + g′(p)ṗ ε} for every operation {@code g}.
 *
 * <p>The arithmetic is the ops' own JVP rules, not a second set: every method evaluates the
 * {@link Fx} function of the same name on duals, which runs each op's value kernel on the primals
 * and its {@code Op.jvp} rule on the tangents. {@link #eval} evaluates a whole expression on duals;
 * {@link AD#jvp} computes exactly that, bit for bit, by the forward sweep (which folds the same rules
 * on constants without building dual objects).
 *
 * <p>Duals nest: {@link #of(Dual, Dual)} builds a dual whose primal and tangent are duals themselves
 * ({@code (p + ṗε₁) + (q + q̇ε₁)ε₂}), whose {@code ε₁ε₂} coefficient is a second derivative; {@link
 * #derivative} nests for you. Each nesting gets its own perturbation tag, so a derivative taken
 * inside another never confuses the two ({@code d/dx [x · d/dy (x + y)] = 1}). Duals are immutable
 * and safe to share between threads. Method names are Kotlin operators ({@code a + b}, {@code -a},
 * {@code a * 2.0}).
 */
public final class Dual {
  private final long tag;
  private final Shape shape;
  private final @Nullable Tensor value;
  private final @Nullable Dual primalPart;
  private final @Nullable Dual tangentPart;

  private Dual(long tag, Shape shape, @Nullable Tensor value, @Nullable Dual primalPart, @Nullable Dual tangentPart) {
    this.tag = tag;
    this.shape = shape;
    this.value = value;
    this.primalPart = primalPart;
    this.tangentPart = tangentPart;
  }

  // ------------------------------------------------------------------ factories

  /**
   * {@return the dual {@code primal + tangent·ε}} Every dual built from tensors shares this one
   * {@code ε}: {@code of(a, ȧ).times(of(b, ḃ))} has tangent {@code ȧb + aḃ}, so seeding two inputs
   * differentiates along both at once (a direction); seed one and make the rest {@link #constant}s
   * for a partial derivative.
   *
   * @param primal the value, any shape
   * @param tangent shape of {@code primal}
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Dual of(Tensor primal, Tensor tangent) {
    Checks.notNull(primal, "primal");
    Checks.notNull(tangent, "tangent");
    return perturbed(DualRules.BASE, constant(primal), constant(tangent), "Dual.of");
  }

  /**
   * {@return the scalar dual {@code primal + tangent·ε}}
   *
   * @param primal the value a
   * @param tangent the derivative ȧ carried along
   */
  public static Dual of(double primal, double tangent) {
    return of(Tensor.scalar(primal), Tensor.scalar(tangent));
  }

  /**
   * {@return a nested dual {@code primal + tangent·ε′} whose parts are duals themselves, with a fresh
   * perturbation {@code ε′} independent of every perturbation inside them}; for example
   * {@code of(variable(x), constant(1))} is {@code x + ε + ε′}, and {@code f} of it has
   * {@code f″(x)} as its {@code εε′} coefficient: {@code f(d).tangentPart().tangent()}
   *
   * @param primal the primal part, itself a dual
   * @param tangent the tangent part, shape of {@code primal}
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Dual of(Dual primal, Dual tangent) {
    Checks.notNull(primal, "primal");
    Checks.notNull(tangent, "tangent");
    return perturbed(DualRules.fresh(), primal, tangent, "Dual.of");
  }

  /**
   * {@return {@code x + 1·ε}: an input differentiated along all ones (for a scalar, d/dx)}
   *
   * @param x the point, any shape
   */
  public static Dual variable(Tensor x) {
    Checks.notNull(x, "x");
    return of(x, Tensor.ones(x.shape(), x.dtype()));
  }

  /**
   * {@return the scalar {@code x + ε}}
   *
   * @param x the point, any double
   */
  public static Dual variable(double x) {
    return of(x, 1.0);
  }

  /**
   * {@return {@code x + v·ε}: an input differentiated along direction {@code v}}
   *
   * @param x the point, any shape
   * @param direction shape of {@code x}
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Dual variable(Tensor x, Tensor direction) {
    return of(x, direction);
  }

  /**
   * {@return {@code x + 0·ε}: a constant, carrying no perturbation}
   *
   * @param x the value, any shape
   */
  public static Dual constant(Tensor x) {
    Checks.notNull(x, "x");
    return new Dual(DualRules.CONSTANT, x.shape(), x, null, null);
  }

  /**
   * {@return the scalar constant {@code x}}
   *
   * @param x any double
   */
  public static Dual constant(double x) {
    return constant(Tensor.scalar(x));
  }

  /** A dual with its own tag; the caller guarantees that both parts carry only lower tags. */
  static Dual perturbed(long tag, Dual primal, Dual tangent) {
    return perturbed(tag, primal, tangent, "dual");
  }

  private static Dual perturbed(long tag, Dual primal, Dual tangent, String where) {
    if (!primal.shape.equals(tangent.shape)) {
      throw new IllegalArgumentException(where + ": the tangent has shape " + tangent.shape
          + " but the primal has shape " + primal.shape);
    }
    return new Dual(tag, primal.shape, null, primal, tangent);
  }

  // ------------------------------------------------------------------ evaluation and nesting

  /**
   * {@return {@code f} evaluated on duals: each shared node once, each op by its value kernel and
   * JVP rule}; {@code eval(f, {x: of(a, v)}).tangent()} is {@code AD.jvp(f, {x: a}, {x: v}).tangent()}
   * bit for bit
   *
   * @param f any shape
   * @param at a dual for every variable of {@code f}, by name, of the variable's shape
   * @throws IllegalArgumentException if a variable is unbound or bound to a dual of another shape
   */
  public static Dual eval(Expr f, Map<String, Dual> at) {
    Checks.notNull(f, "f");
    Checks.notNull(at, "at");
    return DualRules.eval(f, at);
  }

  /**
   * {@return the directional derivative {@code f′(x)·v} as a dual, taken with a fresh perturbation}
   * so that {@code x} and {@code v} may carry perturbations of an enclosing derivative (nesting gives
   * higher derivatives, and no perturbation is confused with another)
   *
   * @param f a function on duals built from their methods (or from {@link #eval})
   * @param x the point, any shape; may itself carry perturbations
   * @param direction shape of {@code x}
   * @throws IllegalArgumentException if the shapes differ
   */
  public static Dual directional(UnaryOperator<Dual> f, Dual x, Dual direction) {
    Checks.notNull(f, "f");
    Checks.notNull(x, "x");
    Checks.notNull(direction, "direction");
    long t = DualRules.fresh();
    Dual y = Checks.notNull(f.apply(perturbed(t, x, direction, "directional")), "f's result");
    return DualRules.coefficient(y, t);
  }

  /**
   * {@return {@code f′} as a function on duals: {@code x ↦ f′(x)·1} (for scalars d/dx); apply it
   * twice for {@code f″}}
   *
   * @param f a function on duals built from their methods (or from {@link #eval})
   */
  public static UnaryOperator<Dual> derivative(UnaryOperator<Dual> f) {
    Checks.notNull(f, "f");
    return x -> directional(f, x, constant(Tensor.ones(Checks.notNull(x, "x").shape(), x.primal().dtype())));
  }

  // ------------------------------------------------------------------ parts

  /** {@return the shape of the primal and of the tangent} */
  public Shape shape() {
    return shape;
  }

  /** {@return the primal value with every perturbation set to zero} */
  public Tensor primal() {
    return value != null ? value : primalPart().primal();
  }

  /** {@return the coefficient of this dual's own {@code ε}, other perturbations set to zero; zeros for a constant} */
  public Tensor tangent() {
    return isConstant() ? Tensor.zeros(shape, primal().dtype()) : tangentPart().primal();
  }

  /** {@return the primal part as a dual (for a nested dual it carries the inner perturbations); itself for a constant} */
  public Dual primalPart() {
    return primalPart != null ? primalPart : this;
  }

  /** {@return the tangent part as a dual (for a nested dual it carries the inner perturbations); zero for a constant} */
  public Dual tangentPart() {
    return tangentPart != null ? tangentPart : constant(Tensor.zeros(shape, primal().dtype()));
  }

  /** {@return whether this dual carries no perturbation at all} */
  public boolean isConstant() {
    return value != null;
  }

  long tag() {
    return tag;
  }

  Tensor value() {
    return Checks.notNull(value, "value of a perturbed dual");
  }

  // ------------------------------------------------------------------ arithmetic

  /**
   * {@return {@code (a + ȧε) + (b + ḃε) = (a + b) + (ȧ + ḃ)ε}, broadcasting}
   *
   * @param other a dual broadcastable with this one
   */
  public Dual plus(Dual other) {
    return lift(Fx::add, other);
  }

  /**
   * {@return {@code (a + ȧε) + c = (a + c) + ȧε}}
   *
   * @param c any double, added to the primal only
   */
  public Dual plus(double c) {
    return lift(Fx::add, constant(c));
  }

  /**
   * {@return {@code (a + ȧε) − (b + ḃε) = (a − b) + (ȧ − ḃ)ε}, broadcasting}
   *
   * @param other a dual broadcastable with this one
   */
  public Dual minus(Dual other) {
    return lift(Fx::sub, other);
  }

  /**
   * {@return {@code (a + ȧε) − c}}
   *
   * @param c any double, subtracted from the primal only
   */
  public Dual minus(double c) {
    return lift(Fx::sub, constant(c));
  }

  /**
   * {@return {@code (a + ȧε)(b + ḃε) = ab + (ȧb + aḃ)ε} elementwise, broadcasting}
   *
   * @param other a dual broadcastable with this one
   */
  public Dual times(Dual other) {
    return lift(Fx::mul, other);
  }

  /**
   * {@return {@code (a + ȧε)·c = ac + ȧcε}}
   *
   * @param c any double, scaling primal and tangent
   */
  public Dual times(double c) {
    return lift(Fx::mul, constant(c));
  }

  /**
   * {@return {@code (a + ȧε)/(b + ḃε) = a/b + (ȧ/b − aḃ/b²)ε} elementwise, broadcasting}
   *
   * @param other a dual broadcastable with this one
   */
  public Dual div(Dual other) {
    return lift(Fx::div, other);
  }

  /**
   * {@return {@code (a + ȧε)/c}}
   *
   * @param c any double, dividing primal and tangent
   */
  public Dual div(double c) {
    return lift(Fx::div, constant(c));
  }

  /** {@return {@code −(a + ȧε) = −a − ȧε}} */
  public Dual unaryMinus() {
    return lift(Fx::neg);
  }

  /**
   * {@return {@code (a + ȧε)^(b + ḃε) = a^b + a^b(ḃ ln a + bȧ/a)ε} elementwise, broadcasting}
   *
   * @param other the exponent, broadcastable with this one; this one positive where the exponent varies
   */
  public Dual pow(Dual other) {
    return lift(Fx::pow, other);
  }

  /**
   * {@return {@code (a + ȧε)^c = a^c + c·a^(c−1)ȧε}}
   *
   * @param c a constant exponent
   */
  public Dual pow(double c) {
    return lift(Fx::pow, constant(c));
  }

  /** {@return {@code (a + ȧε)² = a² + 2aȧε}} */
  public Dual square() {
    return lift(Fx::square);
  }

  /** {@return {@code 1/(a + ȧε) = 1/a − ȧ/a² ε}} */
  public Dual reciprocal() {
    return lift(Fx::reciprocal);
  }

  /**
   * {@return {@code max(a, b)} elementwise with its tangent; ties share it equally}
   *
   * @param other a dual broadcastable with this one
   */
  public Dual maximum(Dual other) {
    return lift(Fx::maximum, other);
  }

  /**
   * {@return {@code min(a, b)} elementwise with its tangent; ties share it equally}
   *
   * @param other a dual broadcastable with this one
   */
  public Dual minimum(Dual other) {
    return lift(Fx::minimum, other);
  }

  /**
   * {@return {@code (A + Ȧε)(B + Ḃε) = AB + (ȦB + AḂ)ε} as matrix products, shapes {@code [m, k]·[k, n]}}
   *
   * @param other the right factor, shape {@code [k, n]} (this one {@code [m, k]})
   */
  public Dual matmul(Dual other) {
    return lift(Fx::matmul, other);
  }

  /** {@return {@code Σ a + (Σ ȧ)ε}, a scalar} */
  public Dual sum() {
    return lift(Fx::sum);
  }

  /**
   * {@return the sum over {@code axes}, primal and tangent alike}
   *
   * @param axes distinct axes of this dual
   * @param keepDims whether summed axes stay as size 1
   */
  public Dual sum(int[] axes, boolean keepDims) {
    int[] copy = Checks.notNull(axes, "axes").clone();
    return lift(x -> Fx.sum(x, copy, keepDims));
  }

  /** {@return the mean of all elements, a scalar} */
  public Dual mean() {
    return lift(Fx::mean);
  }

  // ------------------------------------------------------------------ math

  /** {@return {@code e^(a + ȧε) = e^a + e^a ȧε}} */
  public Dual exp() {
    return lift(Fx::exp);
  }

  /** {@return {@code ln(a + ȧε) = ln a + (ȧ/a)ε}} */
  public Dual log() {
    return lift(Fx::log);
  }

  /** {@return {@code √(a + ȧε) = √a + ȧ/(2√a) ε}} */
  public Dual sqrt() {
    return lift(Fx::sqrt);
  }

  /** {@return {@code |a + ȧε| = |a| + sign(a)ȧε}; derivative 0 at 0} */
  public Dual abs() {
    return lift(Fx::abs);
  }

  /** {@return {@code sin(a + ȧε) = sin a + cos a·ȧε}} */
  public Dual sin() {
    return lift(Fx::sin);
  }

  /** {@return {@code cos(a + ȧε) = cos a − sin a·ȧε}} */
  public Dual cos() {
    return lift(Fx::cos);
  }

  /** {@return {@code tan(a + ȧε) = tan a + (1 + tan² a)ȧε}} */
  public Dual tan() {
    return lift(Fx::tan);
  }

  /** {@return {@code tanh(a + ȧε) = tanh a + (1 − tanh² a)ȧε}} */
  public Dual tanh() {
    return lift(Fx::tanh);
  }

  /** {@return {@code σ(a + ȧε) = σ(a) + σ(a)(1 − σ(a))ȧε} with {@code σ(a) = 1/(1 + e^−a)}} */
  public Dual sigmoid() {
    return lift(Fx::sigmoid);
  }

  /** {@return {@code relu(a + ȧε) = max(a, 0) + [a > 0]ȧε}} */
  public Dual relu() {
    return lift(Fx::relu);
  }

  /**
   * {@return {@code a > 0 ? a + ȧε : α(a + ȧε)}}
   *
   * @param alpha the slope for negative inputs
   */
  public Dual leakyRelu(double alpha) {
    return lift(x -> Fx.leakyRelu(x, alpha));
  }

  /** {@return {@code softplus(a + ȧε) = ln(1 + e^a) + σ(a)ȧε}} */
  public Dual softplus() {
    return lift(Fx::softplus);
  }

  /** {@return {@code [a > 0]} with zero tangent} */
  public Dual step() {
    return lift(Fx::step);
  }

  /** {@return {@code sign(a)} with zero tangent} */
  public Dual sign() {
    return lift(Fx::sign);
  }

  // ------------------------------------------------------------------ helpers

  /** Evaluates {@code f(this)} on duals: the {@code Fx} function of the same name, through {@link #eval}. */
  private Dual lift(UnaryOperator<Expr> f) {
    Var a = new Var("%a", shape, primal().dtype());
    return DualRules.eval(f.apply(a), Map.of(a.name(), this));
  }

  /** Evaluates {@code f(this, other)} on duals; a constant operand is a {@code Const}, as the DSL builds it. */
  private Dual lift(BinaryOperator<Expr> f, Dual other) {
    Checks.notNull(other, "other");
    Var a = new Var("%a", shape, primal().dtype());
    Expr b = other.isConstant() ? Fx.constant(other.value()) : new Var("%b", other.shape, other.primal().dtype());
    return DualRules.eval(f.apply(a, b), other.isConstant() ? Map.of("%a", this) : Map.of("%a", this, "%b", other));
  }

  /**
   * {@return whether {@code o} is a dual with the same perturbation and bitwise-equal parts} Duals
   * built with {@code Dual.of} from tensors share one {@code ε}; each nesting has its own.
   *
   * @param o any object
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Dual d && tag == d.tag && shape.equals(d.shape) && java.util.Objects.equals(value, d.value)
        && java.util.Objects.equals(primalPart, d.primalPart) && java.util.Objects.equals(tangentPart, d.tangentPart);
  }

  /** {@return a hash of the perturbation tag and the parts} */
  @Override
  public int hashCode() {
    return java.util.Objects.hash(tag, shape, value, primalPart, tangentPart);
  }

  /** {@return {@code primal + tangent·ε}, nested parts in parentheses} */
  @Override
  public String toString() {
    return value != null ? value.toString() : "(" + primalPart() + ") + (" + tangentPart() + ")ε";
  }
}
