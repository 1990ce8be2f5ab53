package dev.fluxion.autodiff.op;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.op.Sample.TestDomain;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Axis permutation (output axis {@code i} is input axis {@code perm[i]}); its adjoint is the inverse permutation. */
public final class Permute implements Op {
  private final int[] perm;

  /**
   * A permutation of the argument's axes.
   *
   * @param perm the permutation of the axes
   */
  public Permute(int[] perm) {
    this.perm = perm.clone();
  }

  /** {@return the permutation (a copy)} */
  public int[] perm() {
    return perm.clone();
  }

  @Override
  public String name() {
    return "transpose";
  }

  @Override
  public String attributes() {
    return "perm=" + Arrays.toString(perm);
  }

  @Override
  public int arity() {
    return 1;
  }

  /** The batch axis stays first; the others are permuted as before. */
  @Override
  public Expr batch(List<Expr> x, Batch b) {
    return permute(x.get(0), Batch.prepend(0, Batch.shift(perm)));
  }

  @Override
  public Shape inferShape(List<Shape> args) {
    Shape s = args.get(0);
    boolean[] seen = new boolean[s.rank()];
    boolean ok = perm.length == s.rank();
    for (int p : perm) {
      ok = ok && p >= 0 && p < seen.length && !seen[p];
      if (ok) {
        seen[p] = true;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException("transpose: " + Arrays.toString(perm) + " is not a permutation of the axes of " + s);
    }
    int[] d = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      d[i] = s.dim(perm[i]);
    }
    return Shape.of(d);
  }

  @Override
  public Tensor apply(List<Tensor> args) {
    return args.get(0).permute(perm);
  }

  @Override
  public Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
    return permute(xDot, perm);
  }

  @Override
  public Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
    int[] inv = new int[perm.length];
    for (int k = 0; k < perm.length; k++) {
      inv[perm[k]] = k;
    }
    return permute(yBar, inv);
  }

  /** A selection: the structural zeros move as the cotangent does. */
  @Override
  public @Nullable Expr structuralZeros(int i, List<Expr> x, Expr y, @Nullable Expr zerosOfY) {
    return zerosOfY == null ? null : vjp(i, x, y, zerosOfY);
  }

  @Override
  public boolean keepsZeros(int i) {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Permute p && Arrays.equals(p.perm, perm);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(perm);
  }

  @Override
  public Interval bound(Apply node, List<Interval> x) {
    return x.get(0);
  }

  @Override
  public List<Sample> samples() {
    return List.of(Sample.unary("transpose", TestDomain.REAL, a -> transpose(Sample.atLeast(a, 2))));
  }
}
