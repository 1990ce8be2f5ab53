package dev.fluxion.autodiff.op;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The registry of ops that formulas and random-expression generators know, built from the op
 * instances themselves: the parser's function table is the ops' {@link Op#syntax() spellings}, the
 * generators' table their {@link Op#samples() samples}, so no table of names can drift from the
 * ops. An op family with attributes (sum over axes, leaky ReLU's slope) is listed once, by a
 * representative instance.
 *
 * <p>The order is the generators' draw order and must stay stable: seeded generation depends on it.
 */
public final class Ops {
  private static final int[] NONE = {};
  private static final List<Op> ALL = List.of(
      Neg.OP, Add.OP, Sub.OP, Mul.OP, Div.OP, Pow.OP, Exp.OP, Log.OP, Sqrt.OP, Sin.OP, Cos.OP, Tan.OP, Tanh.OP,
      Sigmoid.OP, Softplus.OP, Abs.OP, Relu.OP, new LeakyRelu(0.01), Maximum.MAX, Maximum.MIN,
      new Sum(NONE, false), new ReduceMax(NONE, false), new Softmax(0), new LogSoftmax(0), new LogSumExp(0, false),
      Matmul.OP, new Permute(NONE), new ReshapeOp(Shape.scalar()), new Slice(NONE, NONE, NONE), new Concat(0, 2),
      Where.OP, Log1p.OP, Expm1.OP, Cast.TO_FLOAT32, Cast.TO_FLOAT64, Erf.OP, new Cumsum(0, false), StopGradient.OP);
  private static final Map<String, List<Spelling>> FUNCTIONS = functionTable();
  private static final Map<String, Op> INFIX = operators(Syntax.Form.INFIX);
  private static final Map<String, Op> PREFIX = operators(Syntax.Form.PREFIX);
  private static final List<Sample> SAMPLES = ALL.stream().flatMap(op -> op.samples().stream()).toList();

  private Ops() {}

  /** {@return every registered op, in draw order} */
  public static List<Op> all() {
    return ALL;
  }

  /** {@return the function names formulas may write, sorted, each with its spellings (one per arity)} */
  public static Map<String, List<Spelling>> functions() {
    return FUNCTIONS;
  }

  /**
   * {@return the infix op written {@code symbol} in formulas ({@code "+"}, {@code "^"}), or null}
   *
   * @param symbol an operator symbol
   * @throws IllegalArgumentException if {@code symbol} is null
   */
  public static @Nullable Op infix(String symbol) {
    return INFIX.get(Checks.notNull(symbol, "symbol"));
  }

  /**
   * {@return the prefix op written {@code symbol} in formulas ({@code "-"}), or null}
   *
   * @param symbol an operator symbol
   * @throws IllegalArgumentException if {@code symbol} is null
   */
  public static @Nullable Op prefix(String symbol) {
    return PREFIX.get(Checks.notNull(symbol, "symbol"));
  }

  /** {@return every op's generator samples, in draw order} */
  public static List<Sample> samples() {
    return SAMPLES;
  }

  /** The ops of {@code form} by the symbols formulas write them with; the first listed wins. */
  private static Map<String, Op> operators(Syntax.Form form) {
    Map<String, Op> m = new java.util.HashMap<>();
    for (Op op : ALL) {
      if (op.syntax().form() == form) {
        op.syntax().spellings().forEach(s -> m.putIfAbsent(s.name(), op));
      }
    }
    return Map.copyOf(m);
  }

  private static Map<String, List<Spelling>> functionTable() {
    Map<String, List<Spelling>> m = new TreeMap<>();
    for (Op op : ALL) {
      for (Spelling s : op.syntax().spellings()) {
        if (!Character.isLetter(s.name().charAt(0))) {
          continue;
        }
        List<Spelling> same = m.computeIfAbsent(s.name(), k -> new ArrayList<>());
        if (same.stream().anyMatch(t -> t.arity() == s.arity())) {
          throw new IllegalStateException(s.name() + "/" + s.arity() + " is spelled by two ops");
        }
        same.add(s);
      }
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(m);
  }
}
