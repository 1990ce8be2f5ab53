package dev.fluxion.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CompileScaleBench's plan and interpreter agree, on a graph of the stated size. */
class CompileScaleBenchTest {
  @Test
  void shouldCompileAndInterpretTheSameValueAndGradient() {
    CompileScaleBench b = new CompileScaleBench();
    b.ops = 1000;
    b.setUp();
    assertEquals(b.ops + 2, Exprs.topologicalOrder(b.f).size());
    var plan = b.compile();
    var eager = b.interpret();
    List<Tensor> out = List.copyOf(plan.run(b.at).values());
    assertEquals(eager.value(), out.get(0));
    assertEquals(eager.gradient("x").item(), out.get(1).item(), 1e-9 * Math.max(1, Math.abs(out.get(1).item())));
    assertEquals(eager.gradient("a").item(), out.get(2).item(), 1e-9 * Math.max(1, Math.abs(out.get(2).item())));
    System.out.printf("CompileScaleBench: %d operations, plan of %d nodes (%.2f per operation)%n", b.ops,
        plan.size(), plan.size() / (double) b.ops);
  }
}
