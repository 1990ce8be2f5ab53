package dev.fluxion.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.Mnist;
import dev.fluxion.nn.io.SafeTensors;
import dev.fluxion.nn.tree.Trees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end run's shared batch order, init file and a one-step run on synthetic data. */
class TrainRunTest {
  @Nested
  class Shuffling {
    @Test
    void shouldMatchTheSplitMix64ReferenceOutputs() {
      // The reference implementation's outputs for seed 1234567 (Vigna, splitmix64.c).
      String[] expected = {"6457827717110365317", "3203168211198807973", "9817491932198370423",
          "4593380528125082431", "16408922859458223821"};
      SplitMix g = new SplitMix(1234567);
      for (String e : expected) {
        assertEquals(Long.parseUnsignedLong(e), g.next());
      }
    }

    @Test
    void shouldMatchThePythonPermutations() {
      // Printed by train_torch.splitmix_permutation(n, seed, epoch).
      assertArrayEquals(new int[] {0, 9, 5, 8, 6, 4, 7, 2, 1, 3}, SplitMix.permutation(10, 42, 0));
      assertArrayEquals(new int[] {4, 2, 5, 6, 1, 3, 9, 8, 7, 0}, SplitMix.permutation(10, 42, 1));
      int[] p = SplitMix.permutation(60000, 0, 0);
      assertArrayEquals(new int[] {17103, 3854, 34173, 44489, 57167, 51101, 4008, 54553},
          java.util.Arrays.copyOf(p, 8));
      assertArrayEquals(java.util.stream.IntStream.range(0, 60000).toArray(),
          java.util.Arrays.stream(p).sorted().toArray());
    }
  }

  @Nested
  class Running {
    @Test
    void shouldWriteTheInitialParametersAndTrainOneStep(@TempDir Path dir) throws IOException {
      Path init = dir.resolve("init.safetensors");
      RunOptions o = RunOptions.parse("--model", "c", "--synthetic", "64", "--max-steps", "1", "--seed", "3",
          "--init-out", init.toString());
      Mnist.Data data = TrainRun.load(o);
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      TrainRun.Result r = TrainRun.run(o, data, new PrintStream(buf, true, StandardCharsets.UTF_8));

      assertEquals(1, r.steps());
      assertEquals(1, r.losses().length);
      assertTrue(Double.isFinite(r.losses()[0]) && r.losses()[0] > 0, "loss " + r.losses()[0]);
      assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("{\"epoch\": 1, "));
      assertEquals(DType.FLOAT32, o.dtype(), "the default");
      java.util.Map<String, Tensor> expected = Trees.tensors(Trees.cast(
          o.model().model().init(Key.of(3), Shape.of(1, 28, 28), DType.FLOAT32), DType.FLOAT64));
      java.util.Map<String, Tensor> read = SafeTensors.read(init).tensors();
      assertEquals(java.util.List.copyOf(expected.keySet()), java.util.List.copyOf(read.keySet()));
      assertEquals(expected, read);
      assertEquals(java.util.List.of("0.w", "0.b", "3.w", "3.b", "7.w", "7.b"), java.util.List.copyOf(read.keySet()));
      assertEquals(Shape.of(784, 10), read.get("7.w").shape());
    }

    @Test
    void shouldTrainInTheDTypeAskedFor() {
      for (String dtype : java.util.List.of("float32", "float64")) {
        RunOptions o = RunOptions.parse("--model", "a", "--synthetic", "64", "--epochs", "2", "--dtype", dtype);
        assertEquals(DType.of(dtype), o.dtype());
        Mnist.Data data = TrainRun.load(o);
        assertEquals(DType.of(dtype), data.train().dtype());
        TrainRun.Result r = TrainRun.run(o, data, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
        assertEquals(2, r.losses().length);
        assertTrue(Double.isFinite(r.losses()[1]), dtype + " loss " + r.losses()[1]);
      }
      var e = assertThrows(IllegalArgumentException.class, () -> RunOptions.parse("--model", "a", "--dtype", "half"));
      assertTrue(e.getMessage().contains("half"), e.getMessage());
    }

    @Test
    void shouldRejectAnUnknownModel() {
      assertThrows(IllegalArgumentException.class, () -> RunOptions.parse("--model", "d"));
      assertThrows(IllegalArgumentException.class, () -> RunOptions.parse("--epochs", "1"));
    }
  }

  @Nested
  class JsonLines {
    @Test
    void shouldWriteTheSummaryInOrderWithNonFiniteNumbersAsStrings() {
      java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
      fields.put("side", "flu\"xion");
      fields.put("epochs", 2);
      fields.put("peak_rss_kib", 123L);
      fields.put("lr", 0.001);
      fields.put("losses", new double[] {2.5, Double.NaN, Double.NEGATIVE_INFINITY});
      assertEquals("{\"side\": \"flu\\\"xion\", \"epochs\": 2, \"peak_rss_kib\": 123, \"lr\": 0.001, "
          + "\"losses\": [2.5, \"NaN\", \"-Infinity\"]}", TrainRun.json(fields));
    }

    @Test
    void shouldWriteAnEpochLineWithSecondsFromNanoseconds() {
      assertEquals("{\"epoch\": 3, \"seconds\": 1.5, \"train_loss\": \"NaN\", \"steps\": 7, \"gather_seconds\": 1.0, "
          + "\"step_seconds\": 2.0}",
          TrainRun.epochLine(3, 1.5, Double.NaN, 7, new long[] {1_000_000_000L, 2_000_000_000L}));
    }
  }
}
