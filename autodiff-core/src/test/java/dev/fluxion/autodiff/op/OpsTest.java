package dev.fluxion.autodiff.op;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The registry reads every table from the ops themselves: each name it lists builds its own op. */
class OpsTest {
  /** Whether {@code e} contains an application of an op of {@code op}'s class and name. */
  private static boolean contains(Expr e, Op op) {
    return Exprs.topologicalOrder(e).stream()
        .anyMatch(n -> n instanceof Apply a && a.op().getClass() == op.getClass() && a.op().name().equals(op.name()));
  }

  @Nested
  class Spellings {
    @Test
    void shouldBuildItsOwnOpUnderEveryFunctionName() {
      int checked = 0;
      for (Op op : Ops.all()) {
        for (Spelling s : op.syntax().spellings()) {
          List<Expr> args = new ArrayList<>();
          for (int i = 0; i < s.arity(); i++) {
            // a cast needs an argument of the other dtype, or it is the identity
            DType dtype = op instanceof Cast c && c.to() == DType.FLOAT64 ? DType.FLOAT32 : DType.FLOAT64;
            args.add(i == s.constantArgument() ? Fx.scalar(0.1) : Fx.variable("a" + i, Shape.of(3), dtype));
          }
          Expr e = s.apply(args);
          assertTrue(contains(e, op), s.name() + " built " + Exprs.print(e) + ", not " + op.name());
          checked++;
        }
      }
      assertTrue(checked >= 30, "only " + checked + " spellings");
    }

    @Test
    void shouldListEachNameOncePerArity() {
      for (var entry : Ops.functions().entrySet()) {
        Set<Integer> arities = new HashSet<>();
        entry.getValue().forEach(s -> assertTrue(arities.add(s.arity()), entry.getKey() + "/" + s.arity()));
      }
      assertEquals(Set.of(1, 2), arities("max"));
      assertEquals(Set.of(1), arities("log1p"));
    }

    private Set<Integer> arities(String name) {
      Set<Integer> out = new HashSet<>();
      Ops.functions().get(name).forEach(s -> out.add(s.arity()));
      return out;
    }

    @Test
    void shouldFindOperatorsBySymbol() {
      assertSame(Add.OP, Ops.infix("+"));
      assertSame(Sub.OP, Ops.infix("-"));
      assertSame(Mul.OP, Ops.infix("*"), "maskedMul prints as * but formulas cannot write it");
      assertSame(Div.OP, Ops.infix("/"));
      assertSame(Pow.OP, Ops.infix("^"));
      assertSame(Neg.OP, Ops.prefix("-"));
      assertNull(Ops.infix("%"));
      assertNull(Ops.prefix("+"));
    }

    @Test
    void shouldRejectAConstantArgumentThatIsNotAConstant() {
      Spelling leaky = Ops.functions().get("leakyRelu").get(0);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> leaky.apply(List.of(Fx.variable("x"), Fx.variable("a"))));
      assertEquals("leakyRelu's alpha must be a constant number", e.getMessage());
    }
  }

  @Nested
  class Samples {
    @Test
    void shouldBuildItsOwnOpFromEverySample() {
      SplittableRandom rng = new SplittableRandom(1);
      for (Op op : Ops.all()) {
        for (Sample s : op.samples()) {
          List<Expr> args = new ArrayList<>();
          for (int i = 0; i < s.arity(); i++) {
            args.add(Fx.variable("a" + i, Shape.of(3, 3)));
          }
          Expr e = s.build().apply(args, rng);
          assertTrue(contains(e, op), s.name() + " built " + Exprs.print(e) + ", not " + op.name());
        }
      }
    }

    @Test
    void shouldNameEverySampleOnce() {
      List<String> names = Ops.samples().stream().map(Sample::name).toList();
      assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
      assertTrue(names.containsAll(List.of("log1p", "expm1", "mean", "stack", "transpose")), names.toString());
    }
  }

  @Nested
  class Syntaxes {
    @Test
    void shouldGiveOperatorsTheirPrecedence() {
      assertEquals(1, Add.OP.syntax().precedence());
      assertEquals(2, MaskedMul.OP.syntax().precedence());
      assertEquals(3, Neg.OP.syntax().precedence());
      assertEquals(4, Pow.OP.syntax().precedence());
      assertEquals(Syntax.ATOM, Sin.OP.syntax().precedence());
    }

    @Test
    void shouldRejectAPrecedenceOutOfRange() {
      assertThrows(IllegalArgumentException.class,
          () -> Syntax.infix("#", "#", 0, Syntax.Associativity.LEFT, null));
    }
  }
}
