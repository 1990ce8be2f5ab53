package dev.fluxion.autodiff.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.transform.Vmap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op's batching rule, through the op table: a row's expression batched over three examples equals
 * the row evaluated on each example, for every choice of batched arguments (all, or one with the others
 * shared); so does the batched gradient of the row's sum, which batches the derivative ops too.
 */
class BatchingRulesTest {
  private static final int B = 3;

  static Stream<OpSpec> rows() {
    return OpTable.float64Rows().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void shouldBatchEveryRowAsItsExamples(OpSpec row) {
    List<List<Tensor>> ex = examples(row);
    for (List<Integer> which : choices(row.arity())) {
      Expr f = row.expr(ex.get(0));
      check(row, f, ex, which, "value");
      List<String> wrt = new ArrayList<>();
      for (int i = 0; i < row.arity(); i++) {
        if (ex.get(0).get(i).dtype().isFloat()) {
          wrt.add("a" + i);
        }
      }
      if (!wrt.isEmpty()) {
        Expr s = Fx.sum(f);
        for (String w : wrt) {
          check(row, AD.gradExpr(s, w), ex, which, "gradient in " + w);
        }
      }
    }
  }

  /** Batches {@code f} over the arguments in {@code which} and compares each slice with {@code f} of that example. */
  private static void check(OpSpec row, Expr f, List<List<Tensor>> ex, List<Integer> which, String what) {
    Map<String, Expr> batched = new HashMap<>();
    Bindings at = Bindings.of();
    for (int i = 0; i < row.arity(); i++) {
      Tensor x0 = ex.get(0).get(i);
      if (which.contains(i)) {
        Tensor[] parts = new Tensor[B];
        for (int k = 0; k < B; k++) {
          parts[k] = ex.get(k).get(i);
        }
        Tensor stacked = Tensor.stack(0, parts);
        batched.put("a" + i, Fx.variable("b" + i, stacked.shape(), stacked.dtype()));
        at = at.with("b" + i, stacked);
      } else {
        at = at.with("a" + i, x0);
      }
    }
    Tensor got = AD.eval(Vmap.batch(f, batched), at);
    assertEquals(Shape.of(prepend(f.shape().toArray())), got.shape(), row.name() + " " + what);
    for (int k = 0; k < B; k++) {
      Bindings one = Bindings.of();
      for (int i = 0; i < row.arity(); i++) {
        one = one.with("a" + i, ex.get(which.contains(i) ? k : 0).get(i));
      }
      Tensor expected = AD.eval(f, one);
      Tensor slice = slice(got, k);
      assertTrue(sameOrClose(slice, expected), row.name() + " " + what + ", batched " + which + ", example " + k
          + ": " + slice + " vs " + expected);
    }
  }

  private static boolean sameOrClose(Tensor a, Tensor b) {
    double[] x = a.cast(dev.fluxion.autodiff.tensor.DType.FLOAT64).toArray();
    double[] y = b.cast(dev.fluxion.autodiff.tensor.DType.FLOAT64).toArray();
    if (x.length != y.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      boolean ok = Double.compare(x[i], y[i]) == 0 || Math.abs(x[i] - y[i]) <= 1e-12 * (1 + Math.abs(y[i]));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Tensor slice(Tensor t, int k) {
    int r = t.shape().rank();
    int[] start = new int[r];
    int[] stop = t.shape().toArray();
    int[] step = new int[r];
    java.util.Arrays.fill(step, 1);
    start[0] = k;
    stop[0] = k + 1;
    int[] rest = java.util.Arrays.copyOfRange(t.shape().toArray(), 1, r);
    return t.slice(start, stop, step).reshape(Shape.of(rest));
  }

  private static int[] prepend(int[] d) {
    int[] out = new int[d.length + 1];
    out[0] = B;
    System.arraycopy(d, 0, out, 1, d.length);
    return out;
  }

  /** All arguments batched, then (with two or more) each alone. */
  private static List<List<Integer>> choices(int arity) {
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      all.add(i);
    }
    out.add(all);
    for (int i = 0; arity > 1 && i < arity; i++) {
      out.add(List.of(i));
    }
    return out;
  }

  /** {@code B} inputs of one set of shapes, drawn with fixed seeds. */
  private static List<List<Tensor>> examples(OpSpec row) {
    List<List<Tensor>> out = new ArrayList<>();
    out.add(row.inputs().generate(new SplittableRandom(1)));
    for (int seed = 2; out.size() < B && seed < 2000; seed++) {
      List<Tensor> xs = row.inputs().generate(new SplittableRandom(seed));
      boolean same = true;
      for (int i = 0; i < xs.size(); i++) {
        same &= xs.get(i).shape().equals(out.get(0).get(i).shape());
      }
      if (same) {
        out.add(xs);
      }
    }
    assertEquals(B, out.size(), row.name() + ": no " + B + " inputs of one shape");
    return out;
  }
}
