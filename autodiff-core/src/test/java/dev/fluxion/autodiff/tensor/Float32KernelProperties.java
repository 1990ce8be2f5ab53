package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.autodiff.check.Gen;
import dev.fluxion.autodiff.check.Gens;
import dev.fluxion.autodiff.check.Property;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The native float32 kernels equal the reference path bit for bit: widen the operands to float64
 * exactly, run the float64 kernel, round the result once to float32. Random shapes (with
 * broadcasting) and values that include NaN, ±0, ±∞, subnormals and magnitudes whose products or
 * sums leave float32's range.
 */
class Float32KernelProperties {
  private static final long SEED = 11_032L;
  private static final int TRIES = 150;
  private static final float[] SPECIAL = {Float.NaN, 0.0f, -0.0f, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -3e38f, 1e30f, -1e20f, 1e-30f, 1e-40f, Float.MIN_VALUE, 1f, -1f,
      2f, 0.5f, 88.7f, -104f};
  private static final double[] CONSTANTS = {2.0, -0.5, 0.1, 1e30, 0.0, -0.0, Double.NaN,
      Double.POSITIVE_INFINITY, 1e-45, 3.0};

  /** {@return a float32 tensor of {@code shape}: mostly normal samples, about one in five a special value} */
  static Tensor floats(Shape shape, SplittableRandom rng) {
    float[] f = new float[shape.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = rng.nextInt(5) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) (rng.nextGaussian() * 3);
    }
    return Tensor.of(f, shape);
  }

  /** {@return {@code s} with some dimensions set to 1 and some leading axes dropped: a shape that broadcasts to it} */
  static Shape broadcastable(Shape s, SplittableRandom rng) {
    int[] d = s.toArray();
    for (int i = 0; i < d.length; i++) {
      if (rng.nextInt(3) == 0) {
        d[i] = 1;
      }
    }
    int drop = rng.nextInt(d.length + 1);
    return Shape.of(Arrays.copyOfRange(d, rng.nextInt(3) == 0 ? drop : 0, d.length));
  }

  private static Tensor ref(UnaryOperator<Tensor> op, Tensor x) {
    return op.apply(x.cast(DType.FLOAT64)).cast(DType.FLOAT32);
  }

  private static Tensor ref(BinaryOperator<Tensor> op, Tensor x, Tensor y) {
    return op.apply(x.cast(DType.FLOAT64), y.cast(DType.FLOAT64)).cast(DType.FLOAT32);
  }

  private static void same(String what, UnaryOperator<Tensor> op, Tensor x) {
    Tensor got = op.apply(x);
    assertEquals(DType.FLOAT32, got.dtype(), what);
    assertEquals(ref(op, x), got, () -> what + " of " + x);
  }

  private static void same(String what, BinaryOperator<Tensor> op, Tensor x, Tensor y) {
    Tensor got = op.apply(x, y);
    assertEquals(DType.FLOAT32, got.dtype(), what);
    assertEquals(ref(op, x, y), got, () -> what + " of " + x + " and " + y);
  }

  /** One tensor of a random shape of rank 0..4. */
  private static final Gen<Tensor> ONE = Gens.shapes(0, 4, 5).flatMap(Float32KernelProperties::floats,
      t -> Stream.empty());

  /** Two tensors whose shapes broadcast together (either may be the smaller). */
  private static final Gen<List<Tensor>> PAIR = Gens.shapes(0, 4, 5).flatMap((s, rng) -> {
    Tensor a = floats(s, rng);
    Tensor b = floats(broadcastable(s, rng), rng);
    return rng.nextBoolean() ? List.of(a, b) : List.of(b, a);
  }, t -> Stream.empty());

  @Nested
  class Elementwise {
    @Test
    void shouldMapEveryUnaryFunctionAsTheReference() {
      Property.forAll(ONE, SEED, TRIES, x -> {
        same("exp", Tensor::exp, x);
        same("log", Tensor::log, x);
        same("sqrt", Tensor::sqrt, x);
        same("abs", Tensor::abs, x);
        same("sin", Tensor::sin, x);
        same("tanh", Tensor::tanh, x);
        same("sigmoid", Tensor::sigmoid, x);
        same("sign", Tensor::sign, x);
        same("unaryMinus", Tensor::unaryMinus, x);
        same("relu", Tensor::relu, x);
        same("step", Tensor::step, x);
        same("map", t -> t.map(v -> v * v * v - 1.0 / 3), x);
      });
    }

    @Test
    void shouldApplyScalarConstantsRoundedToFloat32AsTheReference() {
      Property.forAll(ONE, SEED + 1, TRIES, x -> {
        for (double c : CONSTANTS) {
          double k = (float) c;
          same("times " + c, t -> t.dtype() == DType.FLOAT32 ? t.times(c) : t.times(k), x);
          same("plus " + c, t -> t.dtype() == DType.FLOAT32 ? t.plus(c) : t.plus(k), x);
          same("minus " + c, t -> t.dtype() == DType.FLOAT32 ? t.minus(c) : t.minus(k), x);
          same("div " + c, t -> t.dtype() == DType.FLOAT32 ? t.div(c) : t.div(k), x);
          same("pow " + c, t -> t.dtype() == DType.FLOAT32 ? t.pow(c) : t.pow(k), x);
        }
      });
    }

    @Test
    void shouldZipWithBroadcastingAsTheReference() {
      Property.forAll(PAIR, SEED + 2, TRIES, p -> {
        Tensor a = p.get(0);
        Tensor b = p.get(1);
        same("plus", Tensor::plus, a, b);
        same("minus", Tensor::minus, a, b);
        same("times", Tensor::times, a, b);
        same("div", Tensor::div, a, b);
        same("pow", Tensor::pow, a, b);
        same("maximum", Tensor::maximum, a, b);
        same("minimum", Tensor::minimum, a, b);
        same("maskedTimes", Tensor::maskedTimes, a, b);
        same("zipWith", (x, y) -> x.zipWith(y, Math::atan2), a, b);
        same("gt", Tensor::gt, a, b);
        same("ge", Tensor::ge, a, b);
        same("lt", Tensor::lt, a, b);
        same("le", Tensor::le, a, b);
        same("eq", Tensor::eq, a, b);
        same("broadcastTo", (x, y) -> x.broadcastTo(Shape.broadcast(a.shape(), b.shape())), a, b);
      });
    }

    @Test
    void shouldSelectWithWhereAsTheReference() {
      Gen<List<Tensor>> triples = Gens.shapes(0, 4, 4).flatMap((s, rng) -> {
        Tensor c = floats(broadcastable(s, rng), rng).step();
        return List.of(c, floats(broadcastable(s, rng), rng), floats(s, rng));
      }, t -> Stream.empty());
      Property.forAll(triples, SEED + 3, TRIES, t -> {
        Tensor got = Tensor.where(t.get(0), t.get(1), t.get(2));
        Tensor want = Tensor.where(t.get(0).cast(DType.FLOAT64), t.get(1).cast(DType.FLOAT64),
            t.get(2).cast(DType.FLOAT64)).cast(DType.FLOAT32);
        assertEquals(want, got);
      });
    }
  }

  @Nested
  class Reductions {
    @Test
    void shouldReduceOverEveryAxisSetInTheFloat64OrderRoundedOnce() {
      Property.forAll(ONE, SEED + 4, TRIES, x -> {
        same("sum", Tensor::sum, x);
        if (x.size() > 0) {
          same("max", Tensor::max, x);
          same("min", Tensor::min, x);
        }
        for (int mask = 0; mask < 1 << x.rank(); mask++) {
          int[] axes = axes(mask, x.rank());
          for (boolean keep : new boolean[] {false, true}) {
            same("sum " + Arrays.toString(axes), t -> t.sum(axes, keep), x);
            same("max " + Arrays.toString(axes), t -> t.max(axes, keep), x);
            same("min " + Arrays.toString(axes), t -> t.min(axes, keep), x);
          }
        }
        for (int ax = 0; ax < x.rank(); ax++) {
          int a = ax;
          assertEquals(x.cast(DType.FLOAT64).argmax(a), x.argmax(a), "argmax " + a + " of " + x + ": int32 both");
          same("logSumExp " + a, t -> t.logSumExp(a, false), x);
          same("logSumExp keepDims " + a, t -> t.logSumExp(a - x.rank(), true), x);
        }
      });
    }

    @Test
    void shouldSumToEveryBroadcastableShapeAsTheReference() {
      Gen<List<Tensor>> pairs = Gens.shapes(0, 4, 5).flatMap((s, rng) -> List.of(floats(s, rng),
          Tensor.zeros(broadcastable(s, rng))), t -> Stream.empty());
      Property.forAll(pairs, SEED + 5, TRIES, p -> same("sumTo", t -> t.sumTo(p.get(1).shape()), p.get(0)));
    }

    @Test
    void shouldSumLargeValuesInDoubleBeforeRounding() {
      Tensor x = Tensor.of(new float[] {Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-8f, 1f}, 5);
      assertEquals(Tensor.scalar(Float.MAX_VALUE, DType.FLOAT32), x.sum(), "float32 accumulation would overflow");
    }

    private static int[] axes(int mask, int rank) {
      return java.util.stream.IntStream.range(0, rank).filter(i -> (mask & 1 << i) != 0).toArray();
    }
  }

  @Nested
  class Layout {
    @Test
    void shouldCopyFloatsInEveryLayoutOpAsTheReference() {
      Property.forAll(Gens.shapes(1, 4, 5).flatMap((s, rng) -> List.of(floats(s, rng),
          Tensor.scalar(rng.nextLong())), t -> Stream.empty()), SEED + 6, TRIES, p -> {
        Tensor x = p.get(0);
        SplittableRandom rng = new SplittableRandom((long) p.get(1).item());
        int r = x.rank();
        int[] perm = shuffled(r, rng);
        same("permute " + Arrays.toString(perm), t -> t.permute(perm), x);
        same("transpose", Tensor::transpose, x);
        same("reshape", t -> t.reshape(-1), x);
        int[] start = new int[r];
        int[] stop = new int[r];
        int[] step = new int[r];
        for (int i = 0; i < r; i++) {
          start[i] = rng.nextInt(x.shape().dim(i));
          stop[i] = rng.nextInt(start[i], x.shape().dim(i) + 1);
          step[i] = rng.nextInt(1, 3);
        }
        same("slice", t -> t.slice(start, stop, step), x);
        Tensor sliced = x.slice(start, stop, step);
        same("unslice", t -> t.unslice(x.shape(), start, step), sliced);
        int axis = rng.nextInt(r);
        same("select", t -> t.select(axis, x.shape().dim(axis) - 1), x);
        same("concat", (u, v) -> Tensor.concat(axis, u, v, u), x, x.times(2.0));
        same("stack", (u, v) -> Tensor.stack(axis - r - 1, u, v), x, x.times(-1.0));
      });
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
      int[] p = java.util.stream.IntStream.range(0, n).toArray();
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    }
  }
}
