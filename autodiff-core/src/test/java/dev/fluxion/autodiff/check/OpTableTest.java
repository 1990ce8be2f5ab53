package dev.fluxion.autodiff.check;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Apply;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.op.Op;
import dev.fluxion.autodiff.op.Ops;
import dev.fluxion.autodiff.tensor.DType;
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

  @Nested
  class BothDTypes {
    @Test
    void shouldFollowEveryFloat64RowWithItsFloat32Row() {
      List<OpSpec> all = OpTable.rows();
      List<OpSpec> wide = OpTable.float64Rows();
      assertEquals(2 * wide.size(), all.size());
      for (int i = 0; i < wide.size(); i++) {
        OpSpec f64 = all.get(2 * i);
        OpSpec f32 = all.get(2 * i + 1);
        assertEquals(wide.get(i).name(), f64.name());
        assertEquals(f64.name() + " [float32]", f32.name());
        List<Tensor> xs = f32.inputs().generate(new SplittableRandom(i));
        assertTrue(xs.stream().allMatch(t -> t.dtype() == DType.FLOAT32), f32.name());
        assertTrue(f64.inputs().generate(new SplittableRandom(i)).stream().allMatch(t -> t.dtype() == DType.FLOAT64));
        assertEquals(DType.FLOAT32, Twin.dtypeOf(Exprs.topologicalOrder(f32.expr(xs))), f32.name());
      }
    }

    @Test
    void shouldHaveBothCastRoundTrips() {
      List<String> names = OpTable.rows().stream().map(OpSpec::name).toList();
      assertTrue(names.contains("cast float64 -> float32 -> float64"), names::toString);
      assertTrue(names.contains("cast float32 -> float64 -> float32"), names::toString);
    }
  }

  private static String key(Op op) {
    return op.getClass().getSimpleName() + "/" + op.name();
  }
}
