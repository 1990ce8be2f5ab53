package dev.fluxion.nn.io;

import static dev.fluxion.autodiff.expr.Fx.constant;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  record Dense(Expr w, Expr b, String activation) {}

  record Mlp(List<Dense> layers) {}

  record AdamState(Expr count, Mlp mu, Mlp nu) {}

  @TempDir
  Path dir;

  private static Dense dense(Key key, int in, int out) {
    return new Dense(constant(Tensor.normal(key, Shape.of(in, out), 0, 1)), constant(Tensor.zeros(out)), "tanh");
  }

  private final Mlp params = new Mlp(List.of(dense(Key.of(1), 3, 4), dense(Key.of(2), 4, 2)));
  private final AdamState state = new AdamState(constant(Tensor.scalar(17)),
      Trees.mapTensors(params, t -> t.times(0.5)), Trees.mapTensors(params, t -> t.times(t)));

  @Nested
  class RoundTrip {
    @Test
    void shouldRestoreParamsStateAndStep() throws IOException {
      Path p = dir.resolve("ckpt.safetensors");
      Checkpoint.save(p, params, state, 1234);
      Mlp template = Trees.zerosLike(params);
      Mlp loaded = Checkpoint.load(p, template);
      assertEquals(Trees.tensors(params), Trees.tensors(loaded));
      assertEquals("tanh", loaded.layers().get(1).activation());
      AdamState s = Checkpoint.loadState(p, new AdamState(constant(Tensor.scalar(0)), template, template));
      assertEquals(Trees.tensors(state), Trees.tensors(s));
      assertEquals(1234, Checkpoint.step(p));
      var all = Checkpoint.restore(p, template, new AdamState(constant(Tensor.scalar(0)), template, template));
      assertEquals(Trees.tensors(params), Trees.tensors(all.params()));
      assertEquals(Trees.tensors(state), Trees.tensors(all.state()));
      assertEquals(1234, all.step());
    }

    @Test
    void shouldStoreNamedTensorsAndMetadata() throws IOException {
      Path p = dir.resolve("ckpt.safetensors");
      Checkpoint.save(p, params, state, 5);
      SafeTensors.Contents c = SafeTensors.read(p);
      assertEquals(java.util.List.of("params/layers.0.w", "params/layers.0.b", "params/layers.1.w", "params/layers.1.b",
          "opt/count", "opt/mu.layers.0.w"), c.tensors().keySet().stream().limit(6).toList());
      assertEquals(LinkedHashMap.of(Checkpoint.VERSION_KEY, "1", Checkpoint.STEP_KEY, "5", Checkpoint.OPT_KEY, "present").toJavaMap(),
          c.metadata());
    }

    @Test
    void shouldSaveWithoutOptimizerState() throws IOException {
      Path p = dir.resolve("p.safetensors");
      Checkpoint.save(p, params, null, 0);
      assertEquals(Trees.tensors(params), Trees.tensors(Checkpoint.load(p, params)));
      var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadState(p, state));
      assertTrue(e.getMessage().contains("without an optimizer state"), e.getMessage());
    }
  }

  @Nested
  class Mismatch {
    private Path saved() throws IOException {
      Path p = dir.resolve("ckpt.safetensors");
      Checkpoint.save(p, params, state, 3);
      return p;
    }

    private String error(Path p, Object template) {
      var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(p, template));
      assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
      return e.getMessage();
    }

    @Test
    void shouldNameAMissingLeaf() throws IOException {
      Mlp bigger = new Mlp(params.layers().append(dense(Key.of(3), 2, 2)));
      String m = error(saved(), bigger);
      assertTrue(m.contains("missing tensor 'params/layers.2.w' of shape [2, 2]"), m);
    }

    @Test
    void shouldNameAnExtraTensor() throws IOException {
      Mlp smaller = new Mlp(params.layers().take(1));
      String m = error(saved(), smaller);
      assertTrue(m.contains("'params/layers.1.w' in the file has no leaf in the template"), m);
    }

    @Test
    void shouldNameAShapeMismatch() throws IOException {
      Mlp wider = new Mlp(List.of(dense(Key.of(1), 3, 5), dense(Key.of(2), 4, 2)));
      String m = error(saved(), wider);
      assertTrue(m.contains("'params/layers.0.w' has shape [3, 4] in the file but the template expects [3, 5]"), m);
    }

    @Test
    void shouldRejectFilesThatAreNotCheckpoints() throws IOException {
      Path plain = dir.resolve("plain.safetensors");
      SafeTensors.write(plain, LinkedHashMap.of("params/x", Tensor.ones(1)).toJavaMap(), java.util.Map.<String, String>of());
      assertTrue(error(plain, params).contains("not a Fluxion checkpoint"));
      SafeTensors.write(plain, LinkedHashMap.of("params/x", Tensor.ones(1)).toJavaMap(),
          LinkedHashMap.of(Checkpoint.VERSION_KEY, "99", Checkpoint.STEP_KEY, "1").toJavaMap());
      assertTrue(error(plain, params).contains("version 99 is not supported"));
      SafeTensors.write(plain, LinkedHashMap.of("params/x", Tensor.ones(1)).toJavaMap(),
          LinkedHashMap.of(Checkpoint.VERSION_KEY, "1", Checkpoint.STEP_KEY, "-4").toJavaMap());
      assertTrue(error(plain, params).contains("expected a non-negative integer"));
      SafeTensors.write(plain, LinkedHashMap.of("weird", Tensor.ones(1)).toJavaMap(),
          LinkedHashMap.of(Checkpoint.VERSION_KEY, "1", Checkpoint.STEP_KEY, "1").toJavaMap());
      assertTrue(error(plain, params).contains("'weird' is neither under params/ nor opt/"));
    }

    @Test
    void shouldRejectANegativeStepOnSave() {
      assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(dir.resolve("x"), params, null, -1));
    }
  }
}
