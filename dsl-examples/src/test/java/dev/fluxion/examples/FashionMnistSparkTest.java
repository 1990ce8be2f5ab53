package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.examples.support.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fluxion example fashion-mnist-spark} on two thousand images and two embedded workers: it
 * learns, and its equality check holds (the replay in one process equals the Spark run bit for bit).
 * Skipped without the data.
 */
class FashionMnistSparkTest {
  @Test
  void shouldTrainOnSparkAndEqualTheReplay() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of(FashionMnist.DEFAULT_DIR)),
        "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    ExampleRun r = ExampleRun.of("example", "fashion-mnist-spark", "--limit", "2000", "--test-limit", "500",
        "--epochs", "2", "--batch-size", "64");
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.summary();
    assertEquals("true", s.get("replay_equal"), r.out());
    assertEquals("62", s.get("steps"), r.out());
    assertEquals("2", s.get("workers"));
    double accuracy = Double.parseDouble(s.get("test_accuracy"));
    assertTrue(accuracy > 0.6, "well above the 0.1 of chance: " + r.out());
    assertEquals(Double.parseDouble(s.get("one_process_accuracy")), accuracy, 0.03, r.out());
  }

  @Test
  void shouldRejectABatchThatDoesNotSplitWithOneLine() {
    ExampleRun r = ExampleRun.of("example", "fashion-mnist-spark", "--executors", "3", "--batch-size", "64");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("multiple of --executors"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
