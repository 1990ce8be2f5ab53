package dev.fluxion.autodiff.text;

import static dev.fluxion.autodiff.expr.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rendered traces grow linearly with the formula: bounded cells, rows written one at a time. */
class TraceSizeTest {
  /** UTF-8 bytes of a table line: four cells of at most 80 characters, escaped, and padding. */
  private static final long BYTES_PER_LINE = 1_000;
  private final Bindings at = Bindings.of("x", 1.0);

  /** Counts the UTF-8 bytes and lines written, and the widest line, without keeping the text. */
  private static final class Counter implements Appendable {
    long bytes;
    long lines;
    long widest;
    private long line;

    @Override
    public Appendable append(CharSequence s) {
      for (String part : s.toString().split("(?<=\n)")) {
        long n = part.getBytes(StandardCharsets.UTF_8).length;
        bytes += n;
        line += n;
        if (part.endsWith("\n")) {
          lines++;
          widest = Math.max(widest, line);
          line = 0;
        }
      }
      return this;
    }

    @Override
    public Appendable append(CharSequence s, int start, int end) {
      return append(s.subSequence(start, end));
    }

    @Override
    public Appendable append(char c) {
      return append(String.valueOf(c));
    }
  }

  /** {@code x * x * … * x}, left-deep, with {@code x} used {@code factors} times. */
  private static Expr product(int factors) {
    Expr x = variable("x");
    Expr f = x;
    for (int i = 1; i < factors; i++) {
      f = f.times(x);
    }
    return f;
  }

  /** {@code x + x + … + x}, left-deep, with {@code x} used {@code terms} times. */
  private static Expr sum(int terms) {
    Expr x = variable("x");
    Expr f = x;
    for (int i = 1; i < terms; i++) {
      f = f.plus(x);
    }
    return f;
  }

  private static Counter write(Trace t, boolean markdown) {
    Counter c = new Counter();
    if (markdown) {
      t.writeMarkdown(c, Trace.DECIMALS);
    } else {
      t.writeText(c, Trace.DECIMALS);
    }
    return c;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  @Nested
  class Output {
    @Test
    void shouldKeepA10000FactorProductLinearInTextAndMarkdown() {
      Expr f = product(10_000);
      Trace reverse = Trace.reverse(f, at);
      Trace forward = Trace.forward(f, at, at);
      assertEquals(10_000.0, reverse.row("v0").derivative().value().item());
      for (Trace t : new Trace[] {reverse, forward}) {
        for (boolean markdown : new boolean[] {false, true}) {
          Counter c = write(t, markdown);
          long rows = t.rows().size() + t.steps().size();
          assertTrue(c.lines >= rows && c.lines <= rows + 12, c.lines + " lines for " + rows + " rows");
          assertTrue(c.widest <= BYTES_PER_LINE, "widest line " + c.widest + " bytes");
          assertTrue(c.bytes <= BYTES_PER_LINE * c.lines, c.bytes + " bytes");
        }
      }
      Counter text = write(reverse, false);
      assertTrue(text.bytes < 4_000_000, text.bytes + " bytes");
    }

    @Test
    void shouldCutAWideFormulaCellAndSaySo() {
      Expr wide = variable("a".repeat(200));
      Trace t = Trace.primal(sin(wide), Bindings.of("a".repeat(200), 0.5));
      String text = t.toText();
      String md = t.toMarkdown();
      String cell = "v0 = " + "a".repeat(Trace.MAX_CELL_WIDTH - 6) + "…";
      assertTrue(text.contains(cell + "  ") && md.contains("| " + cell + " |"), text);
      assertTrue(text.endsWith("\n(… ends a formula cut at 80 characters)\n"), text);
      assertTrue(md.endsWith("\n(… ends a formula cut at 80 characters)\n"), md);
      assertTrue(text.lines().allMatch(l -> Notation.width(l) <= 2 * Trace.MAX_CELL_WIDTH), text);
    }

    @Test
    void shouldCutWithoutSplittingACombiningMark() {
      String s = "v̄" + "1".repeat(Trace.MAX_CELL_WIDTH);
      String cut = TraceTables.cut("x".repeat(Trace.MAX_CELL_WIDTH - 2) + s);
      assertEquals(Trace.MAX_CELL_WIDTH, Notation.width(cut));
      assertTrue(cut.endsWith("v̄…"), cut);
      assertEquals("short", TraceTables.cut("short"));
    }

    @Test
    void shouldWriteHugeValuesWithAnExponentRatherThanCutThem() {
      assertEquals("1.235e20", Notation.number(1.23456e20, 3));
      assertEquals("-1e300", Notation.number(-1e300, 3));
      assertEquals("999999999999999", Notation.number(999_999_999_999_999.0, 3));
      Trace t = Trace.primal(exp(variable("x")), Bindings.of("x", 700.0));
      assertTrue(t.toText().contains("1.014e304"), t.toText());
    }
  }

  @Nested
  class Memory {
    /** Bytes allocated while tracing a sum of {@code terms} terms in reverse mode and writing it as Markdown. */
    private long allocatedForSum(int terms) {
      Expr f = sum(terms);
      long before = allocatedBytes();
      Counter c = write(Trace.reverse(f, at), true);
      long allocated = allocatedBytes() - before;
      assertTrue(c.widest <= BYTES_PER_LINE, "widest line " + c.widest + " bytes");
      return allocated;
    }

    @Test
    void shouldTraceA100000NodeSumWithAllocationLinearInItsSize() {
      long small = allocatedForSum(25_000);
      long large = allocatedForSum(100_000);
      assertTrue(large < 6 * small, "25,000 terms: " + small + " bytes, 100,000 terms: " + large + " bytes");
      assertTrue(large < 2_000_000_000L, large + " bytes");
    }
  }
}
