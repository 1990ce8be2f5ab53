package dev.fluxion.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** PlanLoopBench's two steps follow the same path and reach the least-squares fit. */
class PlanLoopBenchTest {
  @Test
  void shouldStepThePlanAndValueAndGradAlikeToTheFit() {
    PlanLoopBench compiled = new PlanLoopBench();
    PlanLoopBench eager = new PlanLoopBench();
    double[] p = null;
    double[] q = null;
    for (int i = 0; i < 500; i++) {
      p = compiled.plan();
      q = eager.valueAndGrad();
      assertEquals(q[0], p[0], 1e-12, "w after step " + i);
      assertEquals(q[1], p[1], 1e-12, "b after step " + i);
    }
    double[] fit = closedForm(compiled);
    assertEquals(fit[0], p[0], 1e-6, "slope");
    assertEquals(fit[1], p[1], 1e-6, "intercept");
  }

  @Test
  void shouldRunBothLoopsToTheSameFitAsTheSteps() {
    PlanLoopBench b = new PlanLoopBench();
    double[] compiled = b.loop(500, true);
    double[] eager = b.loop(500, false);
    double[] fit = closedForm(b);
    assertEquals(eager[0], compiled[0], 1e-12);
    assertEquals(eager[1], compiled[1], 1e-12);
    assertEquals(fit[0], compiled[0], 1e-6, "slope");
    assertEquals(fit[1], compiled[1], 1e-6, "intercept");
  }

  /** Ordinary least squares for a line: slope cov(t, y) / var(t), intercept mean(y) - slope mean(t). */
  private static double[] closedForm(PlanLoopBench b) {
    double[] t = b.t.toArray();
    double[] y = b.y.toArray();
    double mt = 0;
    double my = 0;
    for (int i = 0; i < t.length; i++) {
      mt += t[i] / t.length;
      my += y[i] / t.length;
    }
    double cov = 0;
    double var = 0;
    for (int i = 0; i < t.length; i++) {
      cov += (t[i] - mt) * (y[i] - my);
      var += (t[i] - mt) * (t[i] - mt);
    }
    double slope = cov / var;
    return new double[] {slope, my - slope * mt};
  }
}
