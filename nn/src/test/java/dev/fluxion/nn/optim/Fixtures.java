package dev.fluxion.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import java.util.ArrayList;
import java.util.List;

/** A tiny parameter tree, a fixed gradient sequence, and a runner shared by the optimizer tests. */
final class Fixtures {
  /** A 2-vector and a scalar. */
  record Params(Expr w, Expr b) {}

  /** theta0 = (w = [1, -2], b = 0.5). */
  static final Params THETA0 = params(1.0, -2.0, 0.5);

  /** g1 = ([0.5, -1], 2), g2 = ([1.5, 0.5], -3), g3 = ([-0.5, 0], 1): fixed, as if from three batches. */
  static final List<Params> GRADS = List.of(params(0.5, -1.0, 2.0), params(1.5, 0.5, -3.0), params(-0.5, 0.0, 1.0));

  private Fixtures() {}

  static Params params(double w0, double w1, double b) {
    return new Params(Fx.constant(Tensor.vector(w0, w1)), Fx.scalar(b));
  }

  /** The parameters after each of the steps taking {@code grads} in turn, starting from {@link #THETA0}. */
  static <S> List<Params> run(GradientTransformation<S> opt, List<Params> grads) {
    Params p = THETA0;
    S state = opt.init(p);
    List<Params> out = new ArrayList<>();
    for (Params g : grads) {
      GradientTransformation.Update<Params, S> u = opt.update(g, state, p);
      p = Optimizers.applyUpdates(p, u.updates());
      state = u.state();
      out.add(p);
    }
    return out;
  }

  /** Asserts {@code actual} is ([w0, w1], b) to within {@code tol}. */
  static void assertParams(Params actual, double w0, double w1, double b, double tol) {
    Tensor w = Trees.value(actual.w());
    assertEquals(w0, w.get(0), tol, "w[0]");
    assertEquals(w1, w.get(1), tol, "w[1]");
    assertEquals(b, Trees.value(actual.b()).item(), tol, "b");
  }
}
