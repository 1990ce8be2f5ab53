package dev.fluxion.autodiff.check;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Ops;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The op table covers the registry: an op the parser or the generators know cannot lack gradient checks. */
class OpTableTest {
  @Nested
  class Coverage {
    @Test
    void shouldHaveARowBuildingEveryRegisteredOp() {
      Set<String> built = new HashSet<>();
      for (OpSpec row : OpTable.rows()) {
        List<Tensor> xs = row.inputs().generate(new SplittableRandom(1));
        Expr e = row.expr(xs);
        Exprs.topologicalOrder(e).forEach(n -> {
          if (n instanceof Apply a) {
            built.add(key(a.op()));
          }
        });
      }
      List<String> missing = Ops.all().stream().map(OpTableTest::key).filter(k -> !built.contains(k)).toList();
      assertEquals(List.of(), missing);
    }
  }

  private static String key(Op op) {
    return op.getClass().getSimpleName() + "/" + op.name();
  }
}
