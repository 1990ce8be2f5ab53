package dev.fluxion.autodiff.ad;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of {@link Dual}: one path, {@link #apply}, that runs an op's value kernel on the
 * primals and its own JVP rule on the tangents, and {@link #eval}, which walks an expression DAG on
 * duals. There is no derivative formula here.
 *
 * <p>Perturbations are tagged (Siskind and Pearlmutter; JAX's trace levels). A dual with tag
 * {@code t} is {@code p + t′ε_t} whose parts carry only tags below {@code t}; an operation on duals
 * of several tags works on the highest and treats the others as constants with respect to it, so
 * nested derivatives never confuse their perturbations.
 */
final class DualRules {
  /** The tag of a constant (no perturbation). */
  static final long CONSTANT = 0;
  /** The tag of the duals users build from tensors: the first-order ε. */
  static final long BASE = 1;
  private static final AtomicLong TAGS = new AtomicLong(BASE);

  private DualRules() {}

  /** {@return a tag above every tag handed out before} */
  static long fresh() {
    return TAGS.incrementAndGet();
  }

  /**
   * {@return {@code op(args)} on duals}: primal {@code op(p_1, …, p_n)}, tangent
   * {@code Σ_i op.jvp(i, p, y, ṗ_i)} for the highest tag among the arguments, each rule evaluated
   * on the parts (folded to a constant when the parts are constants, as in the numeric forward
   * sweep; evaluated on duals again when they carry lower perturbations).
   */
  static Dual apply(Op op, List<Dual> args) {
    long t = CONSTANT;
    for (Dual a : args) {
      t = Math.max(t, a.tag());
    }
    if (t == CONSTANT) {
      List<Tensor> values = new ArrayList<>(args.size());
      for (Dual a : args) {
        values.add(a.value());
      }
      return Dual.constant(op.apply(values));
    }
    List<Dual> primals = new ArrayList<>(args.size());
    List<@Nullable Dual> tangents = new ArrayList<>(args.size());
    for (Dual a : args) {
      boolean own = a.tag() == t;
      primals.add(own ? a.primalPart() : a);
      tangents.add(own ? a.tangentPart() : null);
    }
    Dual y = apply(op, primals);
    Proxies proxies = new Proxies();
    List<Expr> x = new ArrayList<>(primals.size());
    for (Dual p : primals) {
      x.add(proxies.of(p));
    }
    Expr yExpr = proxies.of(y);
    Expr acc = null;
    for (int i = 0; i < args.size(); i++) {
      Dual xDot = tangents.get(i);
      if (xDot == null) {
        continue;
      }
      Expr c = op.jvp(i, x, yExpr, proxies.of(xDot));
      acc = c == null ? acc : acc == null ? c : Fx.add(acc, c);
    }
    if (acc == null) {
      return y;
    }
    Dual tangent = acc instanceof Const c ? Dual.constant(c.value()) : eval(acc, proxies.bound);
    return Dual.perturbed(t, y, tangent);
  }

  /**
   * {@return {@code f} evaluated on duals: each node once, in identity-keyed topological order}
   *
   * @throws IllegalArgumentException if a variable of {@code f} is unbound or bound to a dual of another shape
   */
  static Dual eval(Expr f, Map<String, Dual> at) {
    Map<Expr, Dual> values = new IdentityHashMap<>();
    for (Expr n : Exprs.topologicalOrder(f)) {
      values.put(n, switch (n) {
        case Const c -> Dual.constant(c.value());
        case Var v -> bound(v, at);
        case Apply a -> {
          List<Dual> args = new ArrayList<>(a.args().size());
          for (Expr arg : a.args()) {
            args.add(values.get(arg));
          }
          yield apply(a.op(), args);
        }
      });
    }
    return values.get(f);
  }

  private static Dual bound(Var v, Map<String, Dual> at) {
    Dual d = at.get(v.name());
    if (d == null) {
      throw new IllegalArgumentException("no dual bound for variable " + v.name() + " (shape " + v.shape() + ")");
    }
    if (!d.shape().equals(v.shape())) {
      throw new IllegalArgumentException("variable " + v.name() + " has shape " + v.shape()
          + " but is bound to a dual of shape " + d.shape());
    }
    return d;
  }

  /**
   * {@return the coefficient of {@code ε_t} in {@code d}: its tangent part if {@code t} is its own tag,
   * zero if {@code d} carries no {@code ε_t}, and taken part by part if {@code d}'s tag is higher}
   */
  static Dual coefficient(Dual d, long t) {
    if (d.tag() == t) {
      return d.tangentPart();
    }
    if (d.tag() < t) {
      return Dual.constant(Tensor.zeros(d.shape(), d.value().dtype()));
    }
    return Dual.perturbed(d.tag(), coefficient(d.primalPart(), t), coefficient(d.tangentPart(), t));
  }

  /**
   * Expressions standing for duals inside one rule: a constant dual becomes a {@code Const} (so the
   * rule folds), any other a variable bound to it; one proxy per dual, by identity.
   */
  private static final class Proxies {
    private final Map<Dual, Expr> byDual = new IdentityHashMap<>();
    private final Map<String, Dual> bound = new HashMap<>();

    Expr of(Dual d) {
      Expr e = byDual.get(d);
      if (e == null) {
        if (d.isConstant()) {
          e = new Const(d.value());
        } else {
          String name = "%dual" + bound.size();
          bound.put(name, d);
          e = new Var(name, d.shape(), d.primal().dtype());
        }
        byDual.put(d, e);
      }
      return e;
    }
  }
}
