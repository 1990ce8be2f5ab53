package dev.fluxion.nn.loss;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.tensor.Tensor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private final Tensor logits = Tensor.matrix(new double[] {0.1, 0.9}, new double[] {0.8, 0.2}, new double[] {0.3, 0.7},
      new double[] {0.6, 0.4});
  private final Tensor labels = Tensor.vector(1, 0, 0, 0);

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Nested
  class Accuracy {
    @Test
    void shouldCountArgmaxHits() {
      assertEquals(0.75, Metrics.accuracy(logits, labels));
    }

    @Test
    void shouldAcceptOneHotLabels() {
      assertEquals(0.75, Metrics.accuracy(logits, Tensor.oneHot(new int[] {1, 0, 0, 0}, 2)));
    }

    @Test
    void shouldBreakTiesTowardTheFirstClass() {
      assertEquals(1.0, Metrics.accuracy(Tensor.matrix(new double[] {0.5, 0.5}), Tensor.vector(0)));
    }

    @Test
    void shouldExplainBadArguments() {
      assertEquals("accuracy: logits [4, 2] and labels [3] differ in batch size",
          message(() -> Metrics.accuracy(logits, Tensor.vector(1, 0, 0))));
      assertEquals("accuracy: label 2 at index 1 is outside [0, 2) (2 classes)",
          message(() -> Metrics.accuracy(logits, Tensor.vector(1, 2, 0, 0))));
      assertEquals("accuracy: logits [4, 2] and labels [4, 3] do not fit (labels must be [n] class indices or [n, k]"
          + " one-hot)", message(() -> Metrics.accuracy(logits, Tensor.zeros(4, 3))));
      assertEquals("accuracy: the batch is empty (logits [0, 2])",
          message(() -> Metrics.accuracy(Tensor.zeros(0, 2), Tensor.zeros(0))));
      assertEquals("accuracy: logits [1, 2] have NaN at row 0, column 1 (no argmax)",
          message(() -> Metrics.accuracy(Tensor.matrix(new double[] {0, Double.NaN}), Tensor.vector(1))));
    }
  }

  @Nested
  class Confusion {
    /** True classes 0,0,0,1,1,2; predicted 0,1,0,1,1,1. */
    private final ConfusionMatrix m = Metrics.confusionMatrix(Tensor.matrix(new double[] {5, 1, 0},
        new double[] {0, 2, 1}, new double[] {3, 0, 0}, new double[] {0, 4, 1}, new double[] {1, 2, 0},
        new double[] {0, 3, 2}), Tensor.vector(0, 0, 0, 1, 1, 2), 3);

    @Test
    void shouldCountTrueClassesByRowAndPredictionsByColumn() {
      assertArrayEquals(new int[][] {{2, 1, 0}, {0, 2, 0}, {0, 1, 0}}, m.counts());
      assertEquals(1, m.get(0, 1));
      assertEquals(6, m.total());
      assertEquals(4.0 / 6, m.accuracy(), 1e-15);
    }

    @Test
    void shouldGivePrecisionAndRecallPerClass() {
      assertArrayEquals(new double[] {1.0, 0.5, Double.NaN}, m.precisions(), 1e-15);
      assertArrayEquals(new double[] {2.0 / 3, 1.0, 0.0}, m.recalls(), 1e-15);
    }

    @Test
    void shouldBeImmutable() {
      int[][] raw = {{1, 0}, {0, 1}};
      ConfusionMatrix c = new ConfusionMatrix(raw);
      raw[0][0] = 9;
      c.counts()[1][1] = 9;
      assertEquals(new ConfusionMatrix(new int[][] {{1, 0}, {0, 1}}), c);
      assertEquals(new ConfusionMatrix(new int[][] {{1, 0}, {0, 1}}).hashCode(), c.hashCode());
    }

    @Test
    void shouldPrintATable() {
      String expected = """
          true\\pred     0     1     2 recall
                  0     2     1     0  0.667
                  1     0     2     0  1.000
                  2     0     1     0  0.000
          precision 1.000 0.500   n/a""";
      assertEquals(expected, m.toString());
      assertEquals("""
          true\\pred     0     1 recall
                  0     2     1  0.667
                  1     0     3  1.000
          precision 1.000 0.750""", new ConfusionMatrix(new int[][] {{2, 1}, {0, 3}}).toString(),
          "the Javadoc example");
    }

    @Test
    void shouldExplainBadArguments() {
      assertEquals("confusionMatrix: logits [6, 3] have 3 classes, expected 4", message(() -> Metrics.confusionMatrix(
          Tensor.zeros(6, 3), Tensor.zeros(6), 4)));
      assertEquals("ConfusionMatrix: row 1 has 1 entries, expected 2 (the matrix must be square)",
          message(() -> new ConfusionMatrix(new int[][] {{1, 0}, {1}})));
      assertEquals("ConfusionMatrix: class 3 is outside [0, 3)", message(() -> m.precision(3)));
    }
  }
}
