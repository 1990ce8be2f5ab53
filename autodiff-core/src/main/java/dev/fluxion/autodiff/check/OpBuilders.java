package dev.fluxion.autodiff.check;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The standard op builders for random expressions, each safe by construction on any argument
 * (checked again by {@link Intervals}):
 *
 * <ul>
 *   <li>smooth everywhere, used as is: {@code neg add sub mul sin cos tanh sigmoid softplus
 *       softmax logSoftmax logSumExp sum mean matmul transpose reshape slice index concat stack};
 *   <li>restricted domains, argument wrapped: {@code log(softplus(a) + 0.5)},
 *       {@code sqrt(softplus(a) + 0.5)}, {@code a / (softplus(b) + 0.5)},
 *       {@code pow(softplus(a) + 0.5, tanh(b))}, {@code exp(tanh(a))}, {@code tan(tanh(a))};
 *   <li>kinked, argument kept on one random side of the kink: {@code abs(±(softplus(a) + 0.1))},
 *       {@code relu(±(...))}, {@code leakyRelu(±(...), 0.1)},
 *       {@code maximum(a, a + softplus(b) + 0.1)} and likewise {@code minimum};
 *   <li>{@code where(mask, a, b)} with a random constant mask (the condition of {@code where} is
 *       never a function of the variables, so its discontinuity is never crossed).
 * </ul>
 *
 * <p>A reducing {@code max} is left out: no construction rules out ties (it is checked with
 * distinct inputs in the op table instead).
 */
public final class OpBuilders {
  private OpBuilders() {}

  /** {@return every standard builder} */
  public static List<OpBuilder> standard() {
    return List.of(
        OpBuilder.unary("neg", x -> neg(x)),
        OpBuilder.binary("add", (a, b) -> add(a, b)),
        OpBuilder.binary("sub", (a, b) -> sub(a, b)),
        OpBuilder.binary("mul", (a, b) -> mul(a, b)),
        OpBuilder.binary("div", (a, b) -> div(a, positive(b))),
        OpBuilder.binary("pow", (a, b) -> pow(positive(a), tanh(b))),
        OpBuilder.unary("exp", x -> exp(tanh(x))),
        OpBuilder.unary("log", x -> log(positive(x))),
        OpBuilder.unary("sqrt", x -> sqrt(positive(x))),
        OpBuilder.unary("sin", x -> sin(x)),
        OpBuilder.unary("cos", x -> cos(x)),
        OpBuilder.unary("tan", x -> tan(tanh(x))),
        OpBuilder.unary("tanh", x -> tanh(x)),
        OpBuilder.unary("sigmoid", x -> sigmoid(x)),
        OpBuilder.unary("softplus", x -> softplus(x)),
        OpBuilder.of("abs", 1, (args, rng) -> abs(oneSide(args.get(0), rng))),
        OpBuilder.of("relu", 1, (args, rng) -> relu(oneSide(args.get(0), rng))),
        OpBuilder.of("leakyRelu", 1, (args, rng) -> leakyRelu(oneSide(args.get(0), rng), 0.1)),
        OpBuilder.binary("maximum", (a, b) -> maximum(a, a.plus(softplus(b).plus(0.1)))),
        OpBuilder.binary("minimum", (a, b) -> minimum(a.minus(softplus(b).plus(0.1)), a)),
        OpBuilder.of("sum", 1, (args, rng) -> sum(args.get(0), new int[] {axis(args.get(0), rng)}, rng.nextBoolean())),
        OpBuilder.of("mean", 1, (args, rng) -> mean(args.get(0), new int[] {axis(args.get(0), rng)}, false)),
        OpBuilder.of("softmax", 1, (args, rng) -> softmax(args.get(0), axis(args.get(0), rng))),
        OpBuilder.of("logSoftmax", 1, (args, rng) -> logSoftmax(args.get(0), axis(args.get(0), rng))),
        OpBuilder.of("logSumExp", 1, (args, rng) -> logSumExp(args.get(0), axis(args.get(0), rng), false)),
        OpBuilder.binary("matmul", (a, b) -> matmul(a, b)),
        OpBuilder.unary("transpose", x -> transpose(atLeast(x, 2))),
        OpBuilder.unary("reshape", x -> reshape(atLeast(x, 2), -1)),
        OpBuilder.unary("slice", OpBuilders::firstHalf),
        OpBuilder.unary("index", x -> index(atLeast(x, 1), 0)),
        OpBuilder.binary("concat", (a, b) -> concat(0, atLeast(a, 1), b)),
        OpBuilder.binary("stack", (a, b) -> stack(0, a, b)),
        OpBuilder.of("where", 2, (args, rng) -> where(mask(args.get(0).shape(), rng), args.get(0), args.get(1))));
  }

  /** {@code softplus(x) + 0.5 >= 0.5}. */
  static Expr positive(Expr x) {
    return softplus(x).plus(0.5);
  }

  private static Expr oneSide(Expr x, SplittableRandom rng) {
    Expr p = softplus(x).plus(0.1);
    return rng.nextBoolean() ? p : neg(p);
  }

  private static Expr atLeast(Expr x, int rank) {
    if (x.shape().rank() < rank) {
      throw new IllegalArgumentException("needs rank >= " + rank + ", got " + x.shape());
    }
    return x;
  }

  private static int axis(Expr x, SplittableRandom rng) {
    return rng.nextInt(atLeast(x, 1).shape().rank());
  }

  private static Expr firstHalf(Expr x) {
    Shape s = atLeast(x, 1).shape();
    int[] start = new int[s.rank()];
    int[] stop = s.toArray();
    int[] step = new int[s.rank()];
    java.util.Arrays.fill(step, 1);
    stop[0] = (stop[0] + 1) / 2;
    return slice(x, start, stop, step);
  }

  private static Expr mask(Shape s, SplittableRandom rng) {
    double[] d = new double[s.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextBoolean() ? 1 : 0;
    }
    return constant(Tensor.of(d, s));
  }
}
