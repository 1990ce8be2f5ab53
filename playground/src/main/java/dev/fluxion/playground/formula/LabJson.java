package dev.fluxion.playground.formula;

import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Trace;
import dev.fluxion.nn.io.JsonWriter;
import java.util.Locale;
import java.util.Map;

/** Writes an {@link Analysis} as the Formula lab's JSON; the field list is in {@code docs/playground.md}. */
final class LabJson {
  private LabJson() {}

  /** {@return the JSON of {@code a}, its graph drawn as {@code svg} by {@code layout}} */
  static String write(Analysis a, String layout, String svg) {
    JsonWriter w = JsonWriter.compact().beginObject();
    w.name("formula").value(a.formula());
    w.name("variables").beginArray();
    a.variables().forEach(w::value);
    w.endArray();
    w.name("point").beginObject();
    a.point().values().forEach((k, v) -> tensor(w.name(k), v));
    w.endObject();
    w.name("value").value(a.value());
    numbers(w.name("gradient"), a.gradient());
    w.name("hessian").beginObject();
    a.hessian().forEach((k, row) -> numbers(w.name(k), row));
    w.endObject();
    w.name("symbolic").beginObject();
    a.symbolic().forEach((k, s) -> w.name(k).value(s));
    w.endObject();
    graph(w.name("graph"), a.graph(), layout, svg);
    w.name("output").value(a.reverse().output());
    w.name("forward").beginArray();
    a.forward().forEach((seed, t) -> rows(w.beginObject().name("seed").value(seed), t).endObject());
    w.endArray();
    rows(w.name("reverse").beginObject(), a.reverse()).name("steps").beginArray();
    for (Trace.Step s : a.reverse().steps()) {
      w.beginObject().name("row").value(s.row()).name("source");
      if (s.source() == null) {
        w.nullValue();
      } else {
        w.value(s.source());
      }
      tensor(w.name("formula").value(s.formula()).name("accumulates").value(s.accumulates()).name("value"), s.value());
      w.endObject();
    }
    w.endArray().endObject();
    w.name("sweeps").beginObject().name("forward").value(a.forward().size()).name("reverse").value(1).endObject();
    return w.endObject().toJson();
  }

  private static void graph(JsonWriter w, ExprGraph g, String layout, String svg) {
    w.beginObject().name("layout").value(layout).name("svg").value(svg).name("nodes").beginArray();
    for (ExprGraph.Node n : g.nodes()) {
      w.beginObject().name("id").value(n.id()).name("label").value(n.label())
          .name("kind").value(n.kind().name().toLowerCase(Locale.ROOT)).name("level").value(n.level()).endObject();
    }
    w.endArray().name("edges").beginArray();
    for (ExprGraph.Edge e : g.edges()) {
      w.beginObject().name("from").value(e.from()).name("to").value(e.to());
      if (e.argument() >= 0) {
        w.name("argument").value(e.argument());
      }
      w.endObject();
    }
    w.endArray().endObject();
  }

  /** The trace's rows: name, operation, value and the tangent or adjoint. */
  private static JsonWriter rows(JsonWriter w, Trace t) {
    w.name("rows").beginArray();
    for (Trace.Row r : t.rows()) {
      tensor(w.beginObject().name("name").value(r.name()).name("operation").value(r.operation()).name("value"),
          r.value());
      Trace.Derivative d = r.derivative();
      if (d != null) {
        tensor(w.name("derivative").beginObject().name("name").value(d.name()).name("rule").value(d.rule())
            .name("value"), d.value()).endObject();
      }
      w.endObject();
    }
    return w.endArray();
  }

  private static void numbers(JsonWriter w, Map<String, Double> m) {
    w.beginObject();
    m.forEach((k, v) -> w.name(k).value(v));
    w.endObject();
  }

  private static JsonWriter tensor(JsonWriter w, Tensor t) {
    return t.rank() == 0 ? w.value(t.item()) : w.array(t.toArray());
  }
}
