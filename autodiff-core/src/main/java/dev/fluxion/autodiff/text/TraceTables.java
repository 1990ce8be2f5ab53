package dev.fluxion.autodiff.text;

import dev.fluxion.autodiff.text.Trace.Derivative;
import dev.fluxion.autodiff.text.Trace.Kind;
import dev.fluxion.autodiff.text.Trace.Row;
import dev.fluxion.autodiff.text.Trace.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Renders a {@link Trace} as text or Markdown. A primal or forward trace is one table, one row
 * per {@code v_i} ({@code v1 = ln v-1 | 0.693 | v̇1 = v̇-1 · 1 / v-1 | 0.5}) and the output
 * ({@code y = v5}); a reverse trace is the primal table followed by the adjoint table, one row
 * per step of the sweep and then the input adjoints ({@code x̄1 = v̄-1}).
 *
 * <p>Output is linear in the trace: formula cells (even columns) are cut at
 * {@value Trace#MAX_CELL_WIDTH} characters, so text columns have bounded widths, and rows are
 * generated and written one at a time (text takes two passes: widths, then rows).
 */
final class TraceTables {
  private static final int MAX_DECIMALS = 15;
  private static final String CUT_NOTE =
      "(… ends a formula cut at " + Trace.MAX_CELL_WIDTH + " characters)";

  /** A table whose rows are made on demand, so that it can be walked twice without being stored. */
  private record Table(String[] header, int size, IntFunction<String[]> row) {}

  private TraceTables() {}

  static void text(Trace t, int decimals, Appendable out) {
    boolean cut = false;
    List<Table> tables = tables(t, decimals);
    for (int k = 0; k < tables.size(); k++) {
      Table table = tables.get(k);
      int[] width = new int[table.header().length];
      for (int r = -1; r < table.size(); r++) {
        String[] row = r < 0 ? table.header() : table.row().apply(r);
        for (int c = 0; c < row.length; c++) {
          width[c] = Math.max(width[c], Notation.width(row[c]));
          cut |= c % 2 == 0 && wasCut(row[c]);
        }
      }
      append(out, k > 0 ? "\n" : "");
      appendLine(out, table.header(), width);
      appendLine(out, dashes(width), width);
      for (int r = 0; r < table.size(); r++) {
        appendLine(out, table.row().apply(r), width);
      }
    }
    append(out, cut ? "\n" + CUT_NOTE + "\n" : "");
  }

  static void markdown(Trace t, int decimals, Appendable out) {
    boolean cut = false;
    List<Table> tables = tables(t, decimals);
    for (int k = 0; k < tables.size(); k++) {
      Table table = tables.get(k);
      append(out, k > 0 ? "\n" : "");
      appendMarkdown(out, table.header());
      append(out, table.header().length == 2 ? "|:--|--:|\n" : "|:--|--:|:--|--:|\n");
      for (int r = 0; r < table.size(); r++) {
        String[] row = table.row().apply(r);
        for (int c = 0; c < row.length; c += 2) {
          cut |= wasCut(row[c]);
        }
        appendMarkdown(out, row);
      }
    }
    append(out, cut ? "\n" + CUT_NOTE + "\n" : "");
  }

  private static List<Table> tables(Trace t, int decimals) {
    if (decimals < 0 || decimals > MAX_DECIMALS) {
      throw new IllegalArgumentException("decimals must be in 0.." + MAX_DECIMALS + ", got " + decimals);
    }
    List<Row> rows = t.rows();
    if (t.kind() == Kind.REVERSE) {
      Table primal = new Table(new String[] {"primal trace", "value"}, rows.size() + 1,
          r -> primal(t, r, decimals));
      List<Step> steps = t.steps();
      int inputs = (int) rows.stream().filter(row -> row.index() <= 0).count();
      Table adjoint = new Table(new String[] {"adjoint trace", "value"}, steps.size() + inputs, r -> r < steps.size()
          ? step(steps.get(r), decimals) : inputAdjoint(rows.get(r - steps.size()), decimals));
      return List.of(primal, adjoint);
    }
    String[] header = t.kind() == Kind.PRIMAL ? new String[] {"primal trace", "value"}
        : new String[] {"primal trace", "value", "tangent trace", "value"};
    return List.of(new Table(header, rows.size() + 1, r -> t.kind() == Kind.PRIMAL ? primal(t, r, decimals)
        : withTangent(t, r, decimals)));
  }

  /** Row {@code r} of the primal table: {@code v_r = op} or, after the last, {@code y = v_out}. */
  private static String[] primal(Trace t, int r, int decimals) {
    Row row = r < t.rows().size() ? t.rows().get(r) : t.row(t.output());
    String formula = r < t.rows().size() ? row.name() + " = " + row.operation() : "y = " + row.name();
    return new String[] {cut(formula), Notation.value(row.value(), decimals)};
  }

  private static String[] withTangent(Trace t, int r, int decimals) {
    String[] primal = primal(t, r, decimals);
    Row row = r < t.rows().size() ? t.rows().get(r) : t.row(t.output());
    Derivative d = Objects.requireNonNull(row.derivative());
    String formula = r < t.rows().size() ? d.name() + " = " + d.rule()
        : Notation.decorate("y", TraceBuilder.DOT) + " = " + d.name();
    return new String[] {primal[0], primal[1], cut(formula), Notation.value(d.value(), decimals)};
  }

  private static String[] step(Step s, int decimals) {
    return new String[] {cut(s.formula()), Notation.value(s.value(), decimals)};
  }

  /** {@code x̄1 = v̄-1} for an input row. */
  private static String[] inputAdjoint(Row r, int decimals) {
    Derivative d = Objects.requireNonNull(r.derivative());
    return new String[] {cut(Notation.decorate(r.operation(), TraceBuilder.BAR) + " = " + d.name()),
        Notation.value(d.value(), decimals)};
  }

  /**
   * {@code s} if at most {@value Trace#MAX_CELL_WIDTH} wide, else its first characters (with
   * their combining marks) and {@code …}, {@value Trace#MAX_CELL_WIDTH} wide in all.
   */
  static String cut(String s) {
    if (s.length() <= Trace.MAX_CELL_WIDTH || Notation.width(s) <= Trace.MAX_CELL_WIDTH) {
      return s;
    }
    int kept = 0;
    int end = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      boolean mark = Character.getType(cp) == Character.NON_SPACING_MARK;
      if (!mark && kept == Trace.MAX_CELL_WIDTH - 1) {
        break;
      }
      kept += mark ? 0 : 1;
      end += Character.charCount(cp);
    }
    return s.substring(0, end) + "…";
  }

  private static boolean wasCut(String cell) {
    return cell.endsWith("…") && Notation.width(cell) == Trace.MAX_CELL_WIDTH;
  }

  private static String[] dashes(int[] width) {
    String[] out = new String[width.length];
    for (int c = 0; c < width.length; c++) {
      out[c] = "-".repeat(width[c]);
    }
    return out;
  }

  /** Cells padded to their column widths: text left-aligned, values (odd columns) right-aligned. */
  private static void appendLine(Appendable out, String[] row, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < row.length; c++) {
      String pad = " ".repeat(width[c] - Notation.width(row[c]));
      line.append(c == 0 ? "" : "  ").append(c % 2 == 1 ? pad + row[c] : row[c] + pad);
    }
    append(out, line.toString().stripTrailing() + "\n");
  }

  private static void appendMarkdown(Appendable out, String[] row) {
    StringBuilder line = new StringBuilder("|");
    for (String cell : row) {
      line.append(' ').append(escape(cell)).append(" |");
    }
    append(out, line.append('\n').toString());
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

  private static void append(Appendable out, String s) {
    try {
      out.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException("trace: writing the table failed", e);
    }
  }
}
