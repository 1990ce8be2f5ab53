package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A chain of elementwise operations over tensors of one shape, run in one pass: tile by tile, the
 * full inputs' elements are copied into tiles held in cache, each operation's loop runs over tiles
 * (all at offset 0, so the JIT vectorizes it), and only the requested values are copied out into
 * tensors. Every element goes through the same operations in the same order as the unfused chain, so
 * the results are bit-identical to it. The kernel of compiled plans' elementwise chains.
 *
 * <p>Values are numbered: {@code 0 .. inputs-1} are the inputs (each of the program's shape, of
 * size 1 and then the same number for every element, or broadcast to the shape along a block of its
 * axes and then read in place, a {@link Spread}), and instruction {@code k} defines value
 * {@code inputs + k}. Immutable and thread-safe; each run has its own buffers.
 *
 * <p><b>Donation.</b> A program made by {@code donating} may write an output into the array of an
 * input its caller hands over (a dead temporary of a compiled plan, never a tensor anyone else can
 * see): only into an input no later instruction reads, so every tile's elements are read before they
 * are overwritten (each loop reads element {@code i} before it writes element {@code i}). The results
 * are the same bits; only the allocation differs.
 *
 * <p><b>float32.</b> Float32 inputs run the same way on float arrays and float tiles: each
 * instruction's float32 loop gives the float32 rounding of its float64 formula, as the unfused
 * float32 op does ({@link Lanes}); no float64 copy of an input, a temporary or an output is made.
 */
public final class Pointwise {

  static final int TILE = 512;

  final Shape shape;
  final int inputs;
  final Lanes.Lane[] code;
  final int[] outputs;
  /** Per value: its tile (inputs and outputs have their own; temporaries share tiles). */
  final int[] buffer;
  final int buffers;
  /** Per output: the input whose array it may take over, or -1. */
  final int[] donor;

  /** One elementwise operation of a program, reading earlier values by number (made by the factories below). */
  public sealed interface Instr permits Lanes.Lane {}

  private Pointwise(Shape shape, int inputs, Lanes.Lane[] code, int[] outputs, int[] donor) {
    this.shape = shape;
    this.inputs = inputs;
    this.code = code;
    this.outputs = outputs;
    this.donor = donor;
    int values = inputs + code.length;
    buffer = new int[values];
    Arrays.fill(buffer, -1);
    int next = inputs;
    for (int k = 0; k < inputs; k++) {
      buffer[k] = k;
    }
    for (int out : outputs) {
      if (buffer[out] < 0) {
        buffer[out] = next++;
      }
    }
    int[] lastUse = new int[values];
    Arrays.fill(lastUse, -1);
    for (int k = 0; k < code.length; k++) {
      for (int r : code[k].reads()) {
        lastUse[r] = k;
      }
    }
    int firstScratch = next;
    int[] free = new int[values];
    int freeCount = 0;
    boolean[] isFree = new boolean[values + inputs + outputs.length];
    for (int k = 0; k < code.length; k++) {
      for (int r : code[k].reads()) {
        int b = buffer[r];
        if (lastUse[r] == k && b >= firstScratch && !isFree[b]) {
          isFree[b] = true;
          free[freeCount++] = b;
        }
      }
      int v = inputs + k;
      if (buffer[v] < 0) {
        buffer[v] = freeCount == 0 ? next++ : free[--freeCount];
        isFree[buffer[v]] = false;
      }
    }
    buffers = next;
  }

  /**
   * {@return a program over tensors of {@code shape}}
   *
   * @param shape the shape of every full input and of every output
   * @param inputs the number of inputs, {@code >= 0}
   * @param code the instructions; instruction {@code k} may read values below {@code inputs + k}
   * @param outputs the values to return, each an instruction's, distinct
   * @throws IllegalArgumentException if an instruction reads a later value or an output is no
   *     instruction's value or repeats
   */
  public static Pointwise of(Shape shape, int inputs, List<Instr> code, int[] outputs) {
    Checks.notNull(shape, "shape");
    Checks.notNull(code, "code");
    Checks.notNull(outputs, "outputs");
    Lanes.Lane[] c = new Lanes.Lane[code.size()];
    for (int k = 0; k < c.length; k++) {
      c[k] = (Lanes.Lane) Checks.notNull(code.get(k), "instruction " + k);
      for (int r : c[k].reads()) {
        if (r < 0 || r >= inputs + k) {
          throw new IllegalArgumentException("Pointwise: instruction " + k + " reads value " + r + ", not below "
              + (inputs + k));
        }
      }
    }
    int[] o = outputs.clone();
    boolean[] seen = new boolean[inputs + c.length];
    for (int v : o) {
      if (v < inputs || v >= inputs + c.length || seen[v]) {
        throw new IllegalArgumentException("Pointwise: output value " + v + " is no instruction's or repeats");
      }
      seen[v] = true;
    }
    int[] none = new int[o.length];
    Arrays.fill(none, -1);
    return new Pointwise(shape, inputs, c, o, none);
  }

  /**
   * {@return this program, writing outputs into the arrays of the inputs marked in {@code handedOver}
   * where that is safe} An output takes a marked input that no instruction after the output's own
   * reads (instruction {@code k} itself reads each element before writing it), each input at most
   * once. At run time an input of size 1 (not full), or whose array another input shares, is never
   * overwritten.
   *
   * <p>The caller promises that each marked input's storage was made for it alone and that neither
   * the tensor nor any view of its storage is read again, by anyone, once {@link #run} is called:
   * a compiled plan marks only its own dead temporaries. This package is not exported, so no user can
   * hand a tensor over.
   *
   * @param handedOver one flag per input
   * @throws IllegalArgumentException if the length differs from the number of inputs
   */
  public Pointwise donating(boolean[] handedOver) {
    Checks.notNull(handedOver, "handedOver");
    if (handedOver.length != inputs) {
      throw new IllegalArgumentException("Pointwise.donating: " + handedOver.length + " flags for " + inputs
          + " inputs");
    }
    int[] lastRead = new int[inputs];
    Arrays.fill(lastRead, -1);
    for (int k = 0; k < code.length; k++) {
      for (int r : code[k].reads()) {
        if (r < inputs) {
          lastRead[r] = k;
        }
      }
    }
    boolean[] taken = new boolean[inputs];
    int[] d = new int[outputs.length];
    Arrays.fill(d, -1);
    for (int k = 0; k < outputs.length; k++) {
      int writer = outputs[k] - inputs;
      for (int j = 0; j < inputs && d[k] < 0; j++) {
        if (handedOver[j] && !taken[j] && lastRead[j] <= writer) {
          d[k] = j;
          taken[j] = true;
        }
      }
    }
    return new Pointwise(shape, inputs, code, outputs, d);
  }

  /** {@return per output, the input whose array a run may write it into, or -1 (a copy)} */
  public int[] donors() {
    return donor.clone();
  }

  /**
   * {@return the outputs, in order, for the inputs} Inputs handed over by {@code donating} may be
   * overwritten; all others are only read.
   *
   * @param in one tensor per input, each of the program's shape, of size 1, or broadcast to it along a
   *     contiguous block of its axes ({@code [64]} or {@code [32, 64, 1]} for {@code [32, 64, 64]})
   * @throws IllegalArgumentException if the count differs, an input has another shape, or the inputs'
   *     dtypes differ
   */
  public Tensor[] run(Tensor... in) {
    return run(in, new Object[outputs.length]);
  }

  /**
   * {@return the outputs, as {@link #run(Tensor...)}, output {@code k} written into {@code given[k]}
   * when that is not null and no input is donated to it} A given array is overwritten whole (its old
   * contents never matter); it must be a {@code double[]} or {@code float[]} of the program's size in the
   * inputs' dtype, and the caller promises that nothing else reads or writes it from now on: a compiled
   * plan gives only arrays of its own dead temporaries.
   *
   * @param in one tensor per input, as for {@link #run(Tensor...)}
   * @param given per output, an array to write it into, or null for a new one
   * @throws IllegalArgumentException as {@link #run(Tensor...)}, or if {@code given} has the wrong length
   */
  public Tensor[] run(Tensor[] in, Object[] given) {
    Checks.notNull(in, "in");
    Checks.notNull(given, "given");
    if (given.length != outputs.length) {
      throw new IllegalArgumentException("Pointwise: " + given.length + " given arrays for " + outputs.length
          + " outputs");
    }
    if (in.length != inputs) {
      throw new IllegalArgumentException("Pointwise: " + in.length + " inputs for " + inputs);
    }
    @Nullable Spread[] spread = new Spread[inputs];
    for (int k = 0; k < inputs; k++) {
      Tensor t = Checks.notNull(in[k], "in[" + k + "]");
      spread[k] = Spread.of(shape, t.shape());
      if (!t.shape().equals(shape) && t.size() != 1 && spread[k] == null) {
        throw new IllegalArgumentException("Pointwise: input " + k + " has shape " + t.shape() + ": neither "
            + shape + ", nor of size 1, nor a block of its axes");
      }
    }
    if (inputs > 0 && Widen.float32("Pointwise", in)) {
      return Float32Run.run(this, in, given, spread);
    }
    int n = shape.size();
    int tile = Math.min(TILE, n);
    double[][] src = new double[inputs][];
    double[][] spreadSrc = new double[inputs][];
    double[] scalar = new double[inputs];
    for (int k = 0; k < inputs; k++) {
      if (in[k].shape().equals(shape)) {
        src[k] = Storage.raw(in[k]);
      } else if (spread[k] != null) {
        spreadSrc[k] = Storage.raw(in[k]);
      } else {
        scalar[k] = in[k].item();
      }
    }
    double[][] dst = new double[outputs.length][];
    for (int k = 0; k < outputs.length; k++) {
      int d = donor[k];
      dst[k] = d >= 0 && src[d] != null && ownsArray(src, d) ? src[d]
          : given[k] instanceof double[] g && g.length == n ? g : new double[n];
    }
    int tiles = tile == 0 ? 0 : (n + tile - 1) / tile;
    int chunks = chunks(n, tiles);
    Parallel.forEach(chunks, c -> tiles(src, spreadSrc, spread, scalar, dst, tile, n,
        Parallel.start(tiles, chunks, c), Parallel.start(tiles, chunks, c + 1)));
    Tensor[] out = new Tensor[outputs.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = Storage.wrap(shape, dst[k]);
    }
    return out;
  }

  /**
   * {@return how many chunks of tiles a run of {@code n} elements in {@code tiles} tiles cuts into}: by
   * the work, about four multiply-adds an instruction an element, never by the thread count
   */
  int chunks(int n, int tiles) {
    return Parallel.chunks((long) n * code.length * 4, Parallel.PARALLEL_WORK, tiles);
  }

  /** Runs tiles {@code [from, to)} on tile buffers of its own; tiles are independent, so any cut gives the same bits. */
  private void tiles(double[][] src, double[][] spreadSrc, @Nullable Spread[] spread, double[] scalar, double[][] dst, int tile,
      int n, int from, int to) {
    double[][] tiles = new double[buffers][];
    for (int b = 0; b < buffers; b++) {
      tiles[b] = new double[tile];
    }
    for (int k = 0; k < inputs; k++) {
      if (src[k] == null && spread[k] == null) {
        Arrays.fill(tiles[k], scalar[k]);
      }
    }
    double[][] v = new double[buffer.length][];
    for (int k = 0; k < v.length; k++) {
      v[k] = tiles[buffer[k]];
    }
    for (int t = from; t < to; t++) {
      int base = t * tile;
      int len = Math.min(tile, n - base);
      for (int k = 0; k < inputs; k++) {
        if (src[k] != null) {
          System.arraycopy(src[k], base, v[k], 0, len);
        } else if (spread[k] != null) {
          spread[k].fill(spreadSrc[k], base, v[k], len);
        }
      }
      for (int k = 0; k < code.length; k++) {
        code[k].run(v, inputs + k, len);
      }
      for (int k = 0; k < outputs.length; k++) {
        System.arraycopy(v[outputs[k]], 0, dst[k], base, len);
      }
    }
  }

  /** {@return whether no input other than {@code j} reads the array of input {@code j}} */
  boolean ownsArray(Object[] arrays, int j) {
    for (int k = 0; k < inputs; k++) {
      if (k != j && arrays[k] == arrays[j]) {
        return false;
      }
    }
    return true;
  }

  /** {@return the shape of the full inputs and the outputs} */
  public Shape shape() {
    return shape;
  }

  /**
   * {@return {@code f(x)}, for a function without a loop of its own}
   *
   * @param f the per-element function
   * @param x the argument's value number (an input or an earlier instruction)
   */
  public static Instr map(DoubleUnaryOperator f, int x) {
    return new Lanes.Map1(Checks.notNull(f, "f"), x);
  }

  /**
   * {@return {@code f(a, b)}, for a function without a loop of its own}
   *
   * @param f the per-element function
   * @param a the first argument's value number
   * @param b the second argument's value number
   */
  public static Instr zip(DoubleBinaryOperator f, int a, int b) {
    return new Lanes.Map2(Checks.notNull(f, "f"), a, b);
  }

  /**
   * {@return {@code c != 0 ? a : b}, as {@link Tensor#where}}
   *
   * @param c the condition's value number; nonzero selects {@code a}
   * @param a the value number taken where {@code c != 0}
   * @param b the value number taken where {@code c == 0}
   */
  public static Instr where(int c, int a, int b) {
    return new Lanes.Where(c, a, b);
  }

  /**
   * {@return the number {@code c} in every element}
   *
   * @param c any double, NaN and infinities included
   */
  public static Instr constant(double c) {
    return new Lanes.Constant(c);
  }

  /**
   * {@return {@code a + b}, as {@link Tensor#plus(Tensor)}}
   *
   * @param a the left operand's value number (an input or an earlier instruction)
   * @param b the right operand's value number (an input or an earlier instruction)
   */
  public static Instr add(int a, int b) {
    return new Lanes.Add(a, b);
  }

  /**
   * {@return {@code a - b}, as {@link Tensor#minus(Tensor)}}
   *
   * @param a the left operand's value number (an input or an earlier instruction)
   * @param b the right operand's value number (an input or an earlier instruction)
   */
  public static Instr sub(int a, int b) {
    return new Lanes.Sub(a, b);
  }

  /**
   * {@return {@code a * b}, as {@link Tensor#times(Tensor)}}
   *
   * @param a the left operand's value number (an input or an earlier instruction)
   * @param b the right operand's value number (an input or an earlier instruction)
   */
  public static Instr mul(int a, int b) {
    return new Lanes.Mul(a, b);
  }

  /**
   * {@return {@code a / b}, as {@link Tensor#div(Tensor)}}
   *
   * @param a the left operand's value number (an input or an earlier instruction)
   * @param b the right operand's value number (an input or an earlier instruction)
   */
  public static Instr div(int a, int b) {
    return new Lanes.Div(a, b);
  }

  /**
   * {@return the strong-zero product {@code a == 0 || b == 0 ? 0 : a * b}, as {@link Tensor#maskedTimes}}
   *
   * @param a the left operand's value number (an input or an earlier instruction)
   * @param b the right operand's value number (an input or an earlier instruction)
   */
  public static Instr maskedMul(int a, int b) {
    return new Lanes.MaskedMul(a, b);
  }

  /**
   * {@return {@code max(x, 0)}, as {@link Tensor#relu}}
   *
   * @param x the argument's value number (an input or an earlier instruction)
   */
  public static Instr relu(int x) {
    return new UnaryLanes.Relu(x);
  }

  /**
   * {@return the step {@code x > 0 ? 1 : 0} (NaN for NaN), as {@link Tensor#step}}
   *
   * @param x the argument's value number (an input or an earlier instruction)
   */
  public static Instr step(int x) {
    return new UnaryLanes.Step(x);
  }

  /**
   * {@return {@code -x}, as {@link Tensor#unaryMinus}}
   *
   * @param x the argument's value number (an input or an earlier instruction)
   */
  public static Instr neg(int x) {
    return new UnaryLanes.Neg(x);
  }

  /**
   * {@return {@code Math.sqrt(x)} elementwise (NaN below 0), as the {@code sqrt} op}
   *
   * @param x the argument's value number (an input or an earlier instruction)
   */
  public static Instr sqrt(int x) {
    return new UnaryLanes.Sqrt(x);
  }

  /**
   * {@return {@code e^x} elementwise, as the {@code exp} op ({@link Exponential})}
   *
   * @param x the argument's value number (an input or an earlier instruction)
   */
  public static Instr exp(int x) {
    return new UnaryLanes.Exp(x);
  }

  /**
   * {@return {@code erf(x)} elementwise, as the {@code erf} op ({@link ErrorFunction})}
   *
   * @param x the argument's value number (an input or an earlier instruction)
   */
  public static Instr erf(int x) {
    return new UnaryLanes.Erf(x);
  }
}
