package dev.fluxion.autodiff.text;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Shape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormulaVariablesTest {
  @Test
  void shouldListEveryWrittenVariableInOrderOfAppearance() {
    Formula.Parsed p = Formula.read("z + x*0 + sin(y) * z");
    assertEquals(List.of("z", "x", "y"), p.names());
    assertEquals(Exprs.variables(p.expr()).keySet(), Set.copyOf(p.names()));
  }

  @Test
  void shouldKeepAVariableWhoseSubexpressionFolds() {
    Formula.Parsed p = Formula.read("0*x + 1");
    assertEquals(List.of("x"), p.names());
    assertTrue(Exprs.variables(p.expr()).containsKey("x"), "0*x is not folded away (NaN for infinite x)");
  }

  @Test
  void shouldGiveVariablesTheirShapes() {
    Formula.Parsed p = Formula.read("sum(v) + c", Map.of("v", Shape.of(3)));
    assertEquals(List.of(new Var("v", Shape.of(3)), new Var("c", Shape.scalar())), p.variables());
  }

  @Test
  void shouldNotExposeAMutableList() {
    Formula.Parsed p = Formula.read("a + b");
    assertThrows(UnsupportedOperationException.class, () -> p.variables().clear());
  }
}
