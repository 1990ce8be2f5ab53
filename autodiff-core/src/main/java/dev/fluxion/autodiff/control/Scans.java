package dev.fluxion.autodiff.control;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds {@link Scan} loops: {@code jax.lax.scan} for expressions. */
public final class Scans {
  private Scans() {}

  /**
   * {@return the loop {@code c_t, y_t = f(c_{t-1}, xs[t])} for {@code t = 0 … length-1}: the final
   * carries, then each output stacked along a new leading axis ({@code [length, ...]})}
   *
   * <p>{@code f} is called once, on placeholders; what it reads from outside (weights) becomes an
   * argument of the loop, so gradients reach it. The graph holds the step once whatever the length.
   *
   * @param f the step; its carries must keep their shapes and dtypes, its outputs must be float
   * @param init the initial carries, float, at least one
   * @param xs the sequences, each {@code [length, ...]} (int32 allowed: token ids), possibly none
   * @param length the number of steps, {@code >= 0}; the sequences' leading dimension
   * @param reverse whether to run {@code t = length-1 … 0} (outputs still stacked at their own {@code t})
   * @throws IllegalArgumentException if a sequence's leading dimension is not {@code length}, a carry is
   *     not float, or the step changes a carry's shape or dtype
   */
  public static List<Expr> scan(Step.Fn f, List<Expr> init, List<Expr> xs, int length, boolean reverse) {
    Checks.notNull(f, "f");
    Checks.notNull(init, "init");
    Checks.notNull(xs, "xs");
    if (init.isEmpty() || length < 0) {
      throw new IllegalArgumentException("scan: needs at least one carry and length >= 0, got " + init.size()
          + " carries and length " + length);
    }
    List<Var> carries = new ArrayList<>();
    for (int j = 0; j < init.size(); j++) {
      Expr c = Checks.notNull(init.get(j), "init[" + j + "]");
      if (!c.dtype().isFloat()) {
        throw new IllegalArgumentException("scan: carry " + j + " is " + c.dtype() + "; carries must be float");
      }
      carries.add(ScanBody.placeholder("c" + j, c.shape(), c.dtype()));
    }
    List<Var> slices = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      Shape s = Checks.notNull(xs.get(i), "xs[" + i + "]").shape();
      if (s.rank() < 1 || s.dim(0) != length) {
        throw new IllegalArgumentException("scan: sequence " + i + " has shape " + s + "; its leading dimension must"
            + " be the length " + length);
      }
      slices.add(ScanBody.placeholder("x" + i, Shape.of(Arrays.copyOfRange(s.toArray(), 1, s.rank())),
          xs.get(i).dtype()));
    }
    Step step = Checks.notNull(f.apply(List.copyOf(carries), List.copyOf(slices)), "the step's result");
    if (step.carries().size() != carries.size()) {
      throw new IllegalArgumentException("scan: the step returned " + step.carries().size() + " carries for "
          + carries.size());
    }
    List<Expr> raw = new ArrayList<>();
    for (int j = 0; j < carries.size(); j++) {
      Expr c = step.carries().get(j);
      if (!c.shape().equals(carries.get(j).shape()) || c.dtype() != carries.get(j).dtype()) {
        throw new IllegalArgumentException("scan: carry " + j + " enters as " + carries.get(j).shape() + " "
            + carries.get(j).dtype() + " but the step returns " + c.shape() + " " + c.dtype());
      }
      raw.add(c);
    }
    for (Expr y : step.ys()) {
      if (!y.dtype().isFloat()) {
        throw new IllegalArgumentException("scan: step outputs must be float, got " + y.dtype());
      }
      raw.add(y);
    }
    List<Expr> lifted = new ArrayList<>();
    ScanBody body = ScanBody.close(carries, slices, raw, lifted);
    List<Expr> args = new ArrayList<>(init);
    args.addAll(xs);
    args.addAll(lifted);
    Expr[] a = args.toArray(new Expr[0]);
    List<Expr> out = new ArrayList<>();
    for (int o = 0; o < raw.size(); o++) {
      out.add(Fx.apply(new Scan(body, length, o, reverse), a));
    }
    return List.copyOf(out);
  }

  /**
   * {@return {@link #scan(Step.Fn, List, List, int, boolean)} forward over sequences of a common leading
   * dimension}
   *
   * @param f the step, as for the full form
   * @param init the initial carries, float, at least one
   * @param xs at least one sequence; the first's leading dimension is the length
   */
  public static List<Expr> scan(Step.Fn f, List<Expr> init, List<Expr> xs) {
    if (Checks.notNull(xs, "xs").isEmpty()) {
      throw new IllegalArgumentException("scan: without sequences, give the length");
    }
    Shape s = Checks.notNull(xs.get(0), "xs[0]").shape();
    if (s.rank() < 1) {
      throw new IllegalArgumentException("scan: sequence 0 is a scalar; sequences are [length, ...]");
    }
    return scan(f, init, xs, s.dim(0), false);
  }
}
