package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./fluxion example gaussian-process}: the gradient check passes and the likelihood fit improves the model. */
class GaussianProcessExampleTest {
  @Test
  void shouldFitTheKernelByItsMarginalLikelihood() {
    ExampleRun r = ExampleRun.of("example", "gaussian-process", "--steps", "120");
    assertEquals(0, r.code(), r.err());
    Map<String, String> s = r.summary();
    assertEquals("passed", s.get("gradcheck"), r.out());
    double start = Double.parseDouble(s.get("nll_start"));
    double end = Double.parseDouble(s.get("nll"));
    assertTrue(end < start - 5, "the negative log likelihood falls: " + r.out());
    double noise = Double.parseDouble(s.get("noise_std"));
    assertTrue(noise > 0.1 && noise < 0.4, "the noise's std is found near the true 0.2: " + r.out());
    assertTrue(Double.parseDouble(s.get("rmse_vs_truth")) < 0.2, r.out());
  }

  @Test
  void shouldRejectBadOptionsWithOneLine() {
    ExampleRun r = ExampleRun.of("example", "gaussian-process", "--points", "1");
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("--points >= 2"), r.err());
  }
}
