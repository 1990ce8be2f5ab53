package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.examples.support.FashionMnist;
import dev.fluxion.nn.privacy.RdpAccountant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code ./fluxion example dp-sgd} on the first thousand images: it learns well above chance, and the
 * {@code ε} it prints is the accountant's for its sampling rate, noise and steps. Skipped without the data.
 */
class DpSgdExampleTest {
  @Test
  void shouldTrainPrivatelyAndReportTheAccountantsEpsilon() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of(FashionMnist.DEFAULT_DIR)),
        "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    ExampleRun r = ExampleRun.of("example", "dp-sgd", "--limit", "1000", "--test-limit", "500", "--epochs", "2",
        "--batch-size", "100", "--lr", "0.2");
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.summary();
    assertTrue(Double.parseDouble(s.get("test_accuracy")) > 0.4, "well above the 0.1 of chance: " + r.out());
    assertEquals("20", s.get("steps"));
    double eps = RdpAccountant.epsilon(0.1, 1.1, 20, 1e-5);
    assertEquals(eps, Double.parseDouble(s.get("epsilon")), 1e-3 * eps, r.out());
    double clipped = Double.parseDouble(s.get("clipped_fraction"));
    assertTrue(clipped >= 0 && clipped <= 1, r.out());
    assertEquals(3, r.out().lines().count(), "two epoch lines and the summary: " + r.out());
  }

  @Test
  void shouldRejectBadOptionsWithOneLine() {
    ExampleRun r = ExampleRun.of("example", "dp-sgd", "--noise", "0");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("--noise > 0"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
