package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A structured loop in the graph, JAX's {@code lax.scan}: {@code length} steps of one step function
 * {@code (carries, x_t, constants) → (new carries, y_t)}, reading {@code x_t = xs[t]} and stacking
 * {@code ys[t] = y_t}; the node's value is one of the final carries or one stacked output
 * ({@link Scans#scan} builds one node per result; they share one run of the loop).
 *
 * <p>Arguments, in order: the initial carries, the sequences {@code xs} ({@code [length, ...]}), and
 * the constants the step reads from outside (weights, lifted when the step was built). The graph
 * holds the step once, whatever the length. Its derivatives are scans too: forward mode carries the
 * tangents beside the carries; reverse mode runs a scan over the recorded incoming carries to get the
 * trajectory, then a scan backward whose step is the step's own symbolic vector-Jacobian product, so
 * memory grows with {@code length × carry} and the graph not at all. A reverse scan runs
 * {@code t = length-1 … 0} and stacks {@code ys} at their own positions.
 */
public final class Scan implements BodyOp {
  private final ScanBody body;
  private final int length;
  private final int output;
  private final boolean reverse;
  private @Nullable Object[] lastVjp;

  Scan(ScanBody body, int length, int output, boolean reverse) {
    if (length < 0 || output < 0 || output >= body.outputs.size()) {
      throw new IllegalArgumentException("scan: length " + length + " and output " + output + " out of range");
    }
    this.body = body;
    this.length = length;
    this.output = output;
    this.reverse = reverse;
  }

  /** {@return the number of steps} */
  public int length() {
    return length;
  }

  /** {@return which result this node is: a final carry ({@code < carries}) or a stacked output} */
  public int output() {
    return output;
  }

  /** {@return whether the loop runs from the last step to the first} */
  public boolean reverse() {
    return reverse;
  }

  /**
   * {@return this loop over the float64 twin of its step, for gradient checks of float32 code: the
   * step's float placeholders become float64 and {@code widen} maps its outputs (a float64 rebuild
   * that keeps variable names)}
   *
   * @param widen maps the step's outputs to their float64 twins, in order
   */
  @Override
  public Scan widened(java.util.function.UnaryOperator<List<Expr>> widen) {
    return new Scan(body.widened(widen), length, output, reverse);
  }

  @Override
  public String name() {
    return "scan";
  }

  @Override
  public String attributes() {
    return "length=" + length + ", output=" + output + (reverse ? ", reverse" : "");
  }

  @Override
  public int arity() {
    return body.carries.size() + body.xs.size() + body.consts.size();
  }

  /** One scan over the batch ({@link ScanBatching}), shared by the loop's result nodes. */
  @Override
  public Expr batch(List<Expr> x, dev.fluxion.autodiff.op.Batch b) {
    return ScanBatching.batch(body, length, output, reverse, x, b);
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    List<Var> params = body.parameters();
    int k = body.carries.size();
    int m = body.xs.size();
    for (int i = 0; i < params.size(); i++) {
      Shape want = i >= k && i < k + m ? stacked(params.get(i).shape()) : params.get(i).shape();
      if (!args.get(i).equals(want)) {
        throw new IllegalArgumentException("scan: argument " + i + " has shape " + args.get(i) + ", the step needs "
            + want);
      }
    }
    Shape s = body.outputs.get(output).shape();
    return output < k ? s : stacked(s);
  }

  @Override
  public DType inferDType(List<DType> args) {
    List<Var> params = body.parameters();
    for (int i = 0; i < params.size(); i++) {
      if (args.get(i) != params.get(i).dtype()) {
        throw new IllegalArgumentException("scan: argument " + i + " has dtype " + args.get(i) + ", the step needs "
            + params.get(i).dtype());
      }
    }
    return body.outputs.get(output).dtype();
  }

  private Shape stacked(Shape s) {
    int[] d = new int[s.rank() + 1];
    d[0] = length;
    System.arraycopy(s.toArray(), 0, d, 1, s.rank());
    return Shape.of(d);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    Tensor[] a = args.toArray(new Tensor[0]);
    return body.output(reverse, length, a, output, () -> run(a));
  }

  /** Every result: the final carries, then the stacked outputs. */
  private Tensor[] run(Tensor[] args) {
    int k = body.carries.size();
    int m = body.xs.size();
    int r = body.outputCount();
    List<Tensor> carry = new ArrayList<>(List.of(args).subList(0, k));
    Tensor[][] ys = new Tensor[r][length];
    List<Tensor> step = new ArrayList<>(List.of(args));
    for (int s = 0; s < length; s++) {
      int t = reverse ? length - 1 - s : s;
      Tensor at = Tensor.of(new int[] {t});
      for (int j = 0; j < k; j++) {
        step.set(j, carry.get(j));
      }
      for (int i = 0; i < m; i++) {
        step.set(k + i, args[k + i].gather(at, 0));
      }
      List<Tensor> out = body.step(step);
      for (int j = 0; j < k; j++) {
        carry.set(j, out.get(j));
      }
      for (int q = 0; q < r; q++) {
        ys[q][t] = out.get(k + q);
      }
    }
    Tensor[] all = new Tensor[k + r];
    for (int j = 0; j < k; j++) {
      all[j] = carry.get(j);
    }
    for (int q = 0; q < r; q++) {
      Expr y = body.outputs.get(k + q);
      all[k + q] = length == 0 ? Tensor.zeros(stacked(y.shape()), y.dtype()) : Tensor.stack(0, ys[q]);
    }
    return all;
  }

  // ---------------------------------------------------------------- forward mode

  @Override
  public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    if (!x.get(i).dtype().isFloat()) {
      return null;
    }
    int k = body.carries.size();
    int m = body.xs.size();
    ScanBody jb = body.jvp(i, this::jvpBody);
    List<Expr> args = new ArrayList<>(x.subList(0, k));
    for (int j = 0; j < k; j++) {
      args.add(i == j ? xDot : Fx.zerosLike(x.get(j)));
    }
    args.addAll(x.subList(k, k + m));
    if (i >= k && i < k + m) {
      args.add(xDot);
    }
    args.addAll(x.subList(k + m, x.size()));
    if (i >= k + m) {
      args.add(xDot);
    }
    int r = body.outputCount();
    int idx = output < k ? k + output : 2 * k + r + (output - k);
    return Fx.apply(new Scan(jb, length, idx, reverse), args.toArray(new Expr[0]));
  }

  /** The step carrying the tangents of the carries beside them, with argument {@code i}'s tangent as input. */
  private ScanBody jvpBody(int i) {
    int k = body.carries.size();
    int m = body.xs.size();
    Map<String, Expr> tangents = new java.util.LinkedHashMap<>();
    List<Var> carries = new ArrayList<>(body.carries);
    for (Var c : body.carries) {
      Var d = ScanBody.placeholder("d" + c.name(), c.shape(), c.dtype());
      carries.add(d);
      tangents.put(c.name(), d);
    }
    List<Var> xs = new ArrayList<>(body.xs);
    List<Var> consts = new ArrayList<>(body.consts);
    if (i >= k) {
      Var v = i < k + m ? body.xs.get(i - k) : body.consts.get(i - k - m);
      Var d = ScanBody.placeholder("d" + v.name(), v.shape(), v.dtype());
      (i < k + m ? xs : consts).add(d);
      tangents.put(v.name(), d);
    }
    List<Expr> outs = new ArrayList<>(body.outputs.subList(0, k));
    for (int j = 0; j < k; j++) {
      outs.add(jvpOf(body.outputs.get(j), tangents));
    }
    List<Expr> ys = body.outputs.subList(k, body.outputs.size());
    outs.addAll(ys);
    for (Expr yq : ys) {
      outs.add(jvpOf(yq, tangents));
    }
    return new ScanBody(carries, xs, consts, outs);
  }

  private static Expr jvpOf(Expr f, Map<String, Expr> tangents) {
    Map<String, Expr> used = new java.util.LinkedHashMap<>(tangents);
    used.keySet().retainAll(Exprs.variables(f).keySet());
    return used.isEmpty() ? Fx.zerosLike(f) : AD.jvpExpr(f, used);
  }

  // ---------------------------------------------------------------- reverse mode

  @Override
  public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    if (!x.get(i).dtype().isFloat()) {
      return null;
    }
    int k = body.carries.size();
    int m = body.xs.size();
    int q = body.consts.size();
    List<Expr> rev = reverseArgs(x, y, yBar);
    ScanBody rb = body.vjp(output, this::vjpBody);
    int idx;
    if (i < k) {
      idx = i;
    } else if (i >= k + m) {
      idx = k + (i - k - m);
    } else {
      idx = k + q + floatIndex(i - k);
    }
    return Fx.apply(new Scan(rb, length, idx, !reverse), rev.toArray(new Expr[0]));
  }

  /** The position of sequence {@code i} among the float sequences (the only ones with a cotangent). */
  private int floatIndex(int i) {
    int n = 0;
    for (int j = 0; j < i; j++) {
      n += body.xs.get(j).dtype().isFloat() ? 1 : 0;
    }
    return n;
  }

  /**
   * The backward scan's arguments for node {@code y} and cotangent {@code yBar}, built once for all the
   * node's arguments (the sweep asks for them one after the other), so they share one backward run.
   */
  private synchronized List<Expr> reverseArgs(List<Expr> x, Expr y, Expr yBar) {
    Object[] memo = lastVjp;
    if (memo != null && memo[0] == y && memo[1] == yBar) {
      @SuppressWarnings("unchecked")
      List<Expr> cached = (List<Expr>) memo[2];
      return cached;
    }
    int k = body.carries.size();
    int m = body.xs.size();
    int r = body.outputCount();
    ScanBody tb = body.trajectory(this::trajectoryBody);
    Expr[] all = x.toArray(new Expr[0]);
    List<Expr> args = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      args.add(output == j ? yBar : Fx.zerosLike(x.get(j)));
    }
    for (int l = k + m; l < x.size(); l++) {
      args.add(Fx.zerosLike(x.get(l)));
    }
    for (int j = 0; j < k; j++) {
      args.add(Fx.apply(new Scan(tb, length, k + r + j, reverse), all));
    }
    args.addAll(x.subList(k, k + m));
    if (output >= k) {
      args.add(yBar);
    }
    args.addAll(x.subList(k + m, x.size()));
    lastVjp = new Object[] {y, yBar, args};
    return args;
  }

  /** The step that also outputs the carries it received: their stack is the forward trajectory. */
  private ScanBody trajectoryBody() {
    List<Expr> outs = new ArrayList<>(body.outputs);
    outs.addAll(body.carries);
    return new ScanBody(body.carries, body.xs, body.consts, outs);
  }

  /**
   * The backward step for result {@code o}: carries the adjoints {@code a} of the carries and the
   * constants' summed cotangents; reads the incoming carries, the inputs and, for a stacked result,
   * its cotangent; outputs each float sequence's cotangent. One symbolic gradient of
   * {@code φ = Σ <c'_j, a_j> + <y_o, ȳ>} gives all of them.
   */
  private ScanBody vjpBody(int o) {
    int k = body.carries.size();
    List<Var> adjoints = new ArrayList<>();
    Expr phi = null;
    for (int j = 0; j < k; j++) {
      Var c = body.carries.get(j);
      Var a = ScanBody.placeholder("a" + j, c.shape(), c.dtype());
      adjoints.add(a);
      phi = plus(phi, Fx.sum(Fx.mul(body.outputs.get(j), a)));
    }
    List<Var> xs = new ArrayList<>(body.carries);
    xs.addAll(body.xs);
    if (o >= k) {
      Expr yo = body.outputs.get(o);
      Var ybar = ScanBody.placeholder("ybar", yo.shape(), yo.dtype());
      xs.add(ybar);
      phi = plus(phi, Fx.sum(Fx.mul(yo, ybar)));
    }
    List<Var> sums = new ArrayList<>();
    for (Var p : body.consts) {
      sums.add(ScanBody.placeholder("sum" + p.name(), p.shape(), p.dtype()));
    }
    Map<String, Expr> g = gradients(phi);
    List<Var> carries = new ArrayList<>(adjoints);
    carries.addAll(sums);
    List<Expr> outs = new ArrayList<>();
    for (Var c : body.carries) {
      outs.add(g.getOrDefault(c.name(), Fx.zerosLike(c)));
    }
    for (int l = 0; l < body.consts.size(); l++) {
      Var p = body.consts.get(l);
      outs.add(Fx.add(sums.get(l), g.getOrDefault(p.name(), Fx.zerosLike(p))));
    }
    for (Var xi : body.xs) {
      if (xi.dtype().isFloat()) {
        outs.add(g.getOrDefault(xi.name(), Fx.zerosLike(xi)));
      }
    }
    return new ScanBody(carries, xs, body.consts, outs);
  }

  private static Expr plus(@Nullable Expr a, Expr b) {
    return a == null ? b : Fx.add(a, b);
  }

  /** The gradient of {@code phi} with respect to the variables it reads, leaving out the adjoint placeholders' names. */
  private static Map<String, Expr> gradients(@Nullable Expr phi) {
    if (phi == null) {
      return Map.of();
    }
    List<String> wrt = new ArrayList<>();
    Exprs.variables(phi).forEach((name, v) -> {
      if (v.dtype().isFloat()) {
        wrt.add(name);
      }
    });
    return AD.gradExpr(phi, wrt);
  }
}
