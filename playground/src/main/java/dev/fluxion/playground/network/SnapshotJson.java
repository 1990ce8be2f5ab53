package dev.fluxion.playground.network;

import dev.fluxion.nn.io.JsonWriter;
import dev.fluxion.playground.network.NetworkSession.Layer;
import dev.fluxion.playground.network.NetworkSession.Snapshot;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Writes a {@link Snapshot} as the network lab's JSON, kept small for a live stream: probabilities
 * and coordinates to 3 decimals, weights, gradients and losses to 4 significant digits, and the
 * points only when asked (they never change within a session). The fields are listed in
 * {@code docs/playground.md}.
 */
public final class SnapshotJson {
  private static final MathContext DIGITS = new MathContext(4);

  private SnapshotJson() {}

  /**
   * {@return the JSON object of {@code s}}
   *
   * @param id the session's id, written first
   * @param s what to write, e.g. from {@link NetworkSession#advance(int)}
   * @param points whether to write the data's points and labels too
   */
  public static String write(String id, Snapshot s, boolean points) {
    JsonWriter w = JsonWriter.compact().beginObject().name("id").value(id);
    w.name("step").value(s.step()).name("steps").value(s.steps()).name("epoch").value(s.epoch())
        .name("loss").value(digits(s.loss())).name("accuracy").value(decimals(s.accuracy()))
        .name("learningRate").value(digits(s.learningRate())).name("done").value(s.done());
    w.name("curve").beginArray();
    double[] curve = s.curve();
    for (int i = 0; i < curve.length; i += 2) {
      w.value((long) curve[i]).value(digits(curve[i + 1]));
    }
    w.endArray();
    w.name("grid").value(s.grid()).name("bounds").beginArray();
    for (double b : s.bounds()) {
      w.value(decimals(b));
    }
    w.endArray();
    decimals(w.name("probabilities"), s.probabilities());
    if (points) {
      decimals(w.name("points"), s.points());
      w.name("labels").beginArray();
      for (double label : s.labels()) {
        w.value((long) label);
      }
      w.endArray();
    }
    w.name("layers").beginArray();
    for (Layer l : s.layers()) {
      w.beginObject().name("in").value(l.in()).name("out").value(l.out());
      digits(w.name("w"), l.w());
      digits(w.name("dw"), l.dw());
      digits(w.name("b"), l.b());
      digits(w.name("db"), l.db());
      w.endObject();
    }
    return w.endArray().endObject().toJson();
  }

  /** {@return {@code v} to 3 decimals} */
  static double decimals(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
  }

  /** {@return {@code v} to 4 significant digits} */
  static double digits(double v) {
    return Double.isFinite(v) && v != 0 ? new BigDecimal(v).round(DIGITS).doubleValue() : v;
  }

  private static void decimals(JsonWriter w, double[] values) {
    w.beginArray();
    for (double v : values) {
      w.value(decimals(v));
    }
    w.endArray();
  }

  private static void digits(JsonWriter w, double[] values) {
    w.beginArray();
    for (double v : values) {
      w.value(digits(v));
    }
    w.endArray();
  }
}
