package dev.fluxion.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import org.junit.jupiter.api.Test;

/** CompileBench's three ways give the same loss and gradient, its two whole steps the same parameters. */
class CompileBenchTest {
  @Test
  void compiledRecompiledAndTreeGradAgree() {
    CompileBench b = new CompileBench();
    b.setUp();
    var compiled = b.compiledStep();
    var recompiled = b.recompileEveryStep();
    var eager = b.treeGrad();
    assertEquals(eager.value().item(), compiled.loss(), 1e-12);
    assertEquals(eager.value().item(), recompiled.loss(), 1e-12);
    var want = Trees.tensors(eager.grads());
    var got = Trees.tensors(compiled.grads());
    var again = Trees.tensors(recompiled.grads());
    assertEquals(want.keySet(), got.keySet());
    assertEquals(4, want.size());
    for (String path : want.keySet()) {
      Tensor w = want.get(path);
      assertTrue(got.get(path).allClose(w, 1e-10, 1e-12), path);
      assertTrue(again.get(path).allClose(w, 1e-10, 1e-12), path);
    }
  }

  @Test
  void shouldGiveTheEagerPathsParametersFromTheCompiledTrainStep() {
    CompileBench b = new CompileBench();
    b.setUp();
    assertEquals(Trees.tensors(b.eagerTrainStep()), Trees.tensors(b.compiledTrainStep().params()));
    assertEquals(b.compiledStep().loss(), b.compiledTrainStep().loss());
  }
}
