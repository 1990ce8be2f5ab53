package dev.fluxion.autodiff.expr;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApplyTest {
  /** An identity op that counts its shape inferences. */
  private static final class Counting implements Op {
    int inferences;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public int arity() {
      return 1;
    }

    @Override
    public Shape inferShape(List<Shape> args) {
      inferences++;
      return args.get(0);
    }

    @Override
    public Tensor apply(List<Tensor> args) {
      return args.get(0);
    }

    @Override
    public @Nullable Expr jvp(int i, List<Expr> x, Expr y, Expr xDot) {
      return xDot;
    }

    @Override
    public @Nullable Expr vjp(int i, List<Expr> x, Expr y, Expr yBar) {
      return yBar;
    }
  }

  @Nested
  class Building {
    @Test
    void shouldInferTheShapeOnce() {
      Counting op = new Counting();
      Apply a = Apply.of(op, List.of(Fx.variable("x", 2, 3)));
      assertEquals(Shape.of(2, 3), a.shape());
      assertEquals(1, op.inferences);
    }

    @Test
    void shouldCopyItsArguments() {
      List<Expr> args = new ArrayList<>(List.of(Fx.variable("x", 2)));
      Apply a = Apply.of(new Counting(), args);
      args.set(0, Fx.variable("y", 2));
      assertEquals("x", ((Var) a.arg(0)).name());
      assertThrows(UnsupportedOperationException.class, () -> a.args().add(Fx.variable("z")));
    }

    @Test
    void shouldRejectNullsWithAnIllegalArgument() {
      assertThrows(IllegalArgumentException.class, () -> Apply.of(null, List.of()));
      List<Expr> withNull = new ArrayList<>();
      withNull.add(null);
      assertThrows(IllegalArgumentException.class, () -> Apply.of(new Counting(), withNull));
    }
  }
}
