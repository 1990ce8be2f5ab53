package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.ad.internal.Evaluator;
import dev.fluxion.autodiff.control.BodyOp;
import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Const;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.op.Cast;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** Finds the first node whose op's local rules disagree with finite differences of its kernel. */
final class Localizer {
  private Localizer() {}

  /**
   * The culprit of {@code f} at {@code at}. A function that computes in float32 is localized in its
   * float64 twin (a wrong rule), and if every rule agrees there, by {@link #localizeFloat32} (a
   * float32 kernel or rule that disagrees with its float64 self).
   */
  static Report.@Nullable Culprit localize(Expr f, Bindings at, Options o) {
    List<Expr> order = Exprs.topologicalOrder(f);
    if (Twin.dtypeOf(order) == DType.FLOAT64) {
      return localizeRules(order, at, o);
    }
    Twin twin = Twin.of(order, f, at);
    Report.Culprit c = localizeRules(Exprs.topologicalOrder(twin.f()), twin.at(), o);
    return c != null ? c : localizeFloat32(order, at, o);
  }

  private static Report.@Nullable Culprit localizeRules(List<Expr> order, Bindings at, Options o) {
    Map<Expr, Tensor> values = Evaluator.values(order, at);
    SplittableRandom rng = new SplittableRandom(o.seed());
    for (Expr n : order) {
      if (n instanceof Apply a) {
        List<Tensor> xs = new ArrayList<>();
        a.args().forEach(arg -> xs.add(values.get(arg)));
        Report.Failure bad = checkNode(a.op(), xs, values.get(a), o, rng);
        if (bad != null) {
          return new Report.Culprit(a, a.op().name(), bad);
        }
      }
    }
    return null;
  }

  /** The first failure of {@code op}'s rules at arguments {@code xs} with output {@code y}, or null. */
  static Report.@Nullable Failure checkNode(Op op, List<Tensor> xs, Tensor y, Options o, SplittableRandom rng) {
    List<Expr> x = new ArrayList<>();
    xs.forEach(t -> x.add(new Const(t)));
    Expr yc = new Const(y);
    for (int i = 0; i < xs.size(); i++) {
      Tensor u = Numeric.direction(y.shape(), rng);
      Tensor v = Numeric.direction(xs.get(i).shape(), rng);
      Expr vjp = op.vjp(i, x, yc, new Const(u));
      Expr jvp = op.jvp(i, x, yc, new Const(v));
      if (vjp == null && jvp == null) {
        continue;
      }
      List<Report.Failure> out = new ArrayList<>();
      Tensor xi = xs.get(i);
      int arg = i;
      int[] entries = Numeric.entries(xi.size(), o.maxEntries(), rng);
      double[] fd = new double[xi.size()];
      double[] raw = xi.toArray();
      for (int k : entries) {
        double h = o.step() * Math.max(1, Math.abs(raw[k]));
        fd[k] = Numeric.derivative(t -> Numeric.dot(u, op.apply(with(xs, arg, Numeric.bump(xi, k, t)))), h,
            o.richardson());
      }
      Numeric.compare(CheckKind.REVERSE_VS_FD, "vjp arg " + i, Tensor.of(fd, xi.shape()), value(vjp, xi), entries,
          o, out);
      double step = o.step() * Numeric.scale(xi);
      Tensor fdj = Numeric.derivativeOf(t -> op.apply(with(xs, arg, xi.plus(v.times(t)))), step, o.richardson());
      Numeric.compare(CheckKind.FORWARD_VS_FD, "jvp arg " + i, fdj, value(jvp, y), all(y), o, out);
      if (!out.isEmpty()) {
        return out.get(0);
      }
    }
    return null;
  }

  /**
   * The first node computing in float32 whose kernel, JVP or VJP rule, at the node's float32
   * argument values, disagrees with the same op run in float64 on those values widened (so only
   * that node's own rounding counts), at {@link Numeric#compareFloat32}'s tolerance.
   */
  static Report.@Nullable Culprit localizeFloat32(List<Expr> order, Bindings at, Options o) {
    Map<Expr, Tensor> values = Evaluator.values(order, at);
    SplittableRandom rng = new SplittableRandom(o.seed());
    for (Expr n : order) {
      if (n instanceof Apply a && Twin.dtypeOf(List.of(n)) == DType.FLOAT32) {
        List<Tensor> xs = new ArrayList<>();
        a.args().forEach(arg -> xs.add(values.get(arg)));
        Report.Failure bad = checkFloat32(a.op(), xs, values.get(a), o, rng);
        if (bad != null) {
          return new Report.Culprit(a, a.op().name(), bad);
        }
      }
    }
    return null;
  }

  private static Report.@Nullable Failure checkFloat32(Op op, List<Tensor> xs, Tensor y, Options o,
      SplittableRandom rng) {
    List<Report.Failure> out = new ArrayList<>();
    List<Tensor> wide = new ArrayList<>();
    xs.forEach(t -> wide.add(t.dtype().isFloat() ? t.cast(DType.FLOAT64) : t));
    Op wideOp = op instanceof Cast c && c.to().isFloat() ? Cast.TO_FLOAT64
        : op instanceof BodyOp body ? body.widened(Twin::widenAll) : op;
    Tensor y64 = wideOp.apply(wide);
    Numeric.compareFloat32("value", y64, y, o, out);
    List<Expr> x = consts(xs);
    List<Expr> x64 = consts(wide);
    for (int i = 0; i < xs.size() && out.isEmpty(); i++) {
      if (!xs.get(i).dtype().isFloat()) {
        continue;
      }
      Tensor u = Twin.onGrid(Numeric.direction(y.shape(), rng), DType.FLOAT32);
      Tensor v = Twin.onGrid(Numeric.direction(xs.get(i).shape(), rng), DType.FLOAT32);
      Expr vjp = op.vjp(i, x, new Const(y), new Const(u.cast(y.dtype())));
      Expr vjp64 = wideOp.vjp(i, x64, new Const(y64), new Const(u));
      if (vjp != null && vjp64 != null) {
        Numeric.compareFloat32("vjp arg " + i, value(vjp64, wide.get(i)), value(vjp, xs.get(i)), o, out);
      }
      Expr jvp = op.jvp(i, x, new Const(y), new Const(v.cast(xs.get(i).dtype())));
      Expr jvp64 = wideOp.jvp(i, x64, new Const(y64), new Const(v));
      if (jvp != null && jvp64 != null) {
        Numeric.compareFloat32("jvp arg " + i, value(jvp64, y64), value(jvp, y), o, out);
      }
    }
    return out.isEmpty() ? null : out.get(0);
  }

  private static List<Expr> consts(List<Tensor> xs) {
    List<Expr> x = new ArrayList<>();
    xs.forEach(t -> x.add(new Const(t)));
    return x;
  }

  private static List<Tensor> with(List<Tensor> xs, int i, Tensor t) {
    List<Tensor> c = new ArrayList<>(xs);
    c.set(i, t);
    return c;
  }

  private static Tensor value(@Nullable Expr e, Tensor like) {
    if (e == null) {
      return Tensor.zeros(like.shape(), like.dtype());
    }
    return e instanceof Const c ? c.value() : AD.eval(e, Bindings.of());
  }

  private static int[] all(Tensor t) {
    return java.util.stream.IntStream.range(0, t.size()).toArray();
  }
}
