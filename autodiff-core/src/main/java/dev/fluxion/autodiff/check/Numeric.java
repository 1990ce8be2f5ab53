package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;

/** Finite differences, random directions and tolerant comparison, shared by the checks. */
final class Numeric {
  private Numeric() {}

  /** Uniform entries in {@code [-1, 1]}. */
  static Tensor direction(Shape s, SplittableRandom rng) {
    double[] d = new double[s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = 2 * rng.nextDouble() - 1;
    }
    return Tensor.of(d, s);
  }

  /** {@code Σ a_i b_i}. */
  static double dot(Tensor a, Tensor b) {
    double[] x = a.toArray();
    double[] y = b.toArray();
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  /** {@code Σ |a_i b_i|}, the scale of {@link #dot}'s rounding error. */
  static double absDot(Tensor a, Tensor b) {
    double[] x = a.toArray();
    double[] y = b.toArray();
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.abs(x[i] * y[i]);
    }
    return s;
  }

  /** {@code max(1, max |x_i|)}. */
  static double scale(Tensor x) {
    double m = 1;
    for (double v : x.toArray()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** {@code φ'(0)} by central differences with step {@code h}, Richardson-extrapolated if asked. */
  static double derivative(DoubleUnaryOperator phi, double h, boolean richardson) {
    double d1 = (phi.applyAsDouble(h) - phi.applyAsDouble(-h)) / (2 * h);
    if (!richardson) {
      return d1;
    }
    double d2 = (phi.applyAsDouble(h / 2) - phi.applyAsDouble(-h / 2)) / h;
    return (4 * d2 - d1) / 3;
  }

  /** {@code φ'(0)} for a tensor-valued {@code φ}, elementwise. */
  static Tensor derivativeOf(DoubleFunction<Tensor> phi, double h, boolean richardson) {
    Tensor d1 = phi.apply(h).minus(phi.apply(-h)).div(2 * h);
    if (!richardson) {
      return d1;
    }
    Tensor d2 = phi.apply(h / 2).minus(phi.apply(-h / 2)).div(h);
    return d2.times(4).minus(d1).div(3);
  }

  /** {@code x} with entry {@code i} moved by {@code t}. */
  static Tensor bump(Tensor x, int i, double t) {
    double[] d = x.toArray();
    d[i] += t;
    return Tensor.of(d, x.shape());
  }

  /** The entries to check: all of them, or a sorted random sample of {@code max}. */
  static int[] entries(int size, int max, SplittableRandom rng) {
    if (size <= max) {
      return java.util.stream.IntStream.range(0, size).toArray();
    }
    return rng.ints(0, size).distinct().limit(max).sorted().toArray();
  }

  /** The multi-index of flat entry {@code i} of {@code s}. */
  static List<Integer> index(Shape s, int i) {
    List<Integer> out = new ArrayList<>();
    int[] st = s.strides();
    for (int k = 0; k < s.rank(); k++) {
      out.add(st[k] == 0 ? 0 : (i / st[k]) % s.dim(k));
    }
    return out;
  }

  /**
   * Adds a failure for the worst entry among {@code entries} (null: all) if any entry is out of
   * tolerance or not finite.
   */
  static void compare(CheckKind kind, String variable, Tensor expected, Tensor actual, int[] entries, Options o,
      List<Report.Failure> out) {
    double[] e = expected.toArray();
    double[] a = actual.toArray();
    int worst = -1;
    double worstRatio = 1;
    for (int i : entries) {
      double err = Math.abs(a[i] - e[i]);
      double allowed = o.atol() + o.rtol() * Math.abs(e[i]);
      double ratio = Double.isFinite(err) ? err / allowed : Double.POSITIVE_INFINITY;
      if (ratio > worstRatio || (worst < 0 && !(ratio <= 1))) {
        worst = i;
        worstRatio = ratio;
      }
    }
    if (worst >= 0) {
      out.add(new Report.Failure(kind, variable, index(expected.shape(), worst), e[worst], a[worst],
          Math.abs(a[worst] - e[worst]), o.atol() + o.rtol() * Math.abs(e[worst])));
    }
  }

  /** Adds a failure if two scalars differ by more than the tolerance at {@code scale}. */
  static void compareScalar(CheckKind kind, String what, double expected, double actual, double scale, Options o,
      List<Report.Failure> out) {
    double err = Math.abs(actual - expected);
    double allowed = o.atol() + o.rtol() * Math.max(scale, Math.abs(expected));
    if (!(err <= allowed)) {
      out.add(new Report.Failure(kind, what, List.of(), expected, actual, err, allowed));
    }
  }

  /**
   * Adds a {@link CheckKind#FLOAT32} failure for the worst entry if a float32 result is further
   * from the float64 twin's than {@code atol + float32Rtol * (|e_i| + max |e|)}, or not finite
   * where the twin's is.
   */
  static void compareFloat32(String what, Tensor expected, Tensor actual, Options o, List<Report.Failure> out) {
    double[] e = expected.toArray();
    double[] a = actual.toArray();
    double scale = 0;
    for (double v : e) {
      scale = Math.max(scale, Math.abs(v));
    }
    int worst = -1;
    double worstRatio = 1;
    for (int i = 0; i < e.length; i++) {
      double err = a[i] == e[i] ? 0 : Math.abs(a[i] - e[i]);
      double ratio = Double.isFinite(err) ? err / float32Allowed(e[i], scale, o) : Double.POSITIVE_INFINITY;
      if (ratio > worstRatio || (worst < 0 && !(ratio <= 1))) {
        worst = i;
        worstRatio = ratio;
      }
    }
    if (worst >= 0) {
      out.add(new Report.Failure(CheckKind.FLOAT32, what, index(expected.shape(), worst), e[worst], a[worst],
          Math.abs(a[worst] - e[worst]), float32Allowed(e[worst], scale, o)));
    }
  }

  private static double float32Allowed(double expected, double scale, Options o) {
    return o.atol() + o.float32Rtol() * (Math.abs(expected) + scale);
  }
}
