package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.text.Trace.Derivative;
import dev.fluxion.autodiff.text.Trace.Kind;
import dev.fluxion.autodiff.text.Trace.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a {@link Trace} as text or Markdown: one row per {@code v_i}, cells
 * {@code v1 = ln v-1 | 0.693 | v̇1 = v̇-1 · 1 / v-1 | 0.5}, then the output ({@code y = v5}) or,
 * in a reverse trace, the input adjoints ({@code x̄1 = v̄-1}).
 */
final class TraceTables {
  private static final int MAX_DECIMALS = 15;

  private TraceTables() {}

  static String text(Trace t, int decimals) {
    List<String[]> cells = cells(t, decimals);
    int[] width = new int[cells.get(0).length];
    for (String[] row : cells) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], Notation.width(row[c]));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      if (r == 1) {
        appendLine(sb, dashes(width), width);
      }
      appendLine(sb, cells.get(r), width);
    }
    return sb.toString();
  }

  static String markdown(Trace t, int decimals) {
    List<String[]> cells = cells(t, decimals);
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      if (r == 1) {
        sb.append(cells.get(0).length == 2 ? "|:--|--:|\n" : "|:--|--:|:--|--:|\n");
      }
      sb.append('|');
      for (String cell : cells.get(r)) {
        sb.append(' ').append(escape(cell)).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static List<String[]> cells(Trace t, int decimals) {
    if (decimals < 0 || decimals > MAX_DECIMALS) {
      throw new IllegalArgumentException("decimals must be in 0.." + MAX_DECIMALS + ", got " + decimals);
    }
    List<String[]> out = new ArrayList<>();
    String derivative = t.kind() == Kind.FORWARD ? "tangent trace" : "adjoint trace";
    out.add(t.kind() == Kind.PRIMAL ? new String[] {"primal trace", "value"}
        : new String[] {"primal trace", "value", derivative, "value"});
    for (Row r : t.rows()) {
      String primal = r.name() + " = " + r.operation();
      String value = Notation.value(r.value(), decimals);
      Derivative d = r.derivative();
      out.add(d == null ? new String[] {primal, value}
          : new String[] {primal, value, d.name() + " = " + d.rule(), Notation.value(d.value(), decimals)});
    }
    if (t.kind() == Kind.REVERSE) {
      t.rows().reversed().stream().filter(r -> r.index() <= 0).forEach(r -> out.add(new String[] {"", "",
          Notation.decorate(r.operation(), TraceBuilder.BAR) + " = " + derivative(r).name(),
          Notation.value(derivative(r).value(), decimals)}));
    } else {
      Row y = t.row(t.output());
      String primal = "y = " + y.name();
      String value = Notation.value(y.value(), decimals);
      Derivative d = y.derivative();
      out.add(d == null ? new String[] {primal, value}
          : new String[] {primal, value, Notation.decorate("y", TraceBuilder.DOT) + " = " + d.name(),
              Notation.value(d.value(), decimals)});
    }
    return out;
  }

  private static Derivative derivative(Row r) {
    return Objects.requireNonNull(r.derivative());
  }

  private static String[] dashes(int[] width) {
    String[] out = new String[width.length];
    for (int c = 0; c < width.length; c++) {
      out[c] = "-".repeat(width[c]);
    }
    return out;
  }

  /** Cells padded to their column widths: text left-aligned, values (odd columns) right-aligned. */
  private static void appendLine(StringBuilder sb, String[] row, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < row.length; c++) {
      String pad = " ".repeat(width[c] - Notation.width(row[c]));
      line.append(c == 0 ? "" : "  ").append(c % 2 == 1 ? pad + row[c] : row[c] + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static String escape(String cell) {
    StringBuilder sb = new StringBuilder();
    for (char ch : cell.toCharArray()) {
      switch (ch) {
        case '\\', '|', '*', '_', '`' -> sb.append('\\').append(ch);
        case '<' -> sb.append("&lt;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
