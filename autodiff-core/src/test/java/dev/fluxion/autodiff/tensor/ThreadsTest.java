package dev.fluxion.autodiff.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The public thread count: its API, its validation and the {@code fluxion.threads} property. */
class ThreadsTest {
  /** Runs {@code body} with {@code n} threads, then restores the count. */
  static <T> T withThreads(int n, Supplier<T> body) {
    int before = Threads.count();
    Threads.setCount(n);
    try {
      return body.get();
    } finally {
      Threads.setCount(before);
    }
  }

  /** Runs this class's {@link #main} in a child JVM with {@code property} (or none) and returns its output. */
  static String child(String property) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    if (property != null) {
      cmd.add("-D" + Threads.PROPERTY + "=" + property);
    }
    cmd.add(ThreadsTest.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Nested
  class Api {
    @Test
    void shouldSetAndReadTheCount() {
      assertEquals(3, withThreads(3, Threads::count));
      assertEquals(Threads.MAX, withThreads(Threads.MAX, Threads::count));
      assertEquals(1, withThreads(1, Threads::count));
    }

    @Test
    void shouldRejectCountsOutOfRangeAndKeepTheOldOne() {
      int before = Threads.count();
      for (int bad : new int[] {0, -1, Threads.MAX + 1, Integer.MIN_VALUE}) {
        var e = assertThrows(IllegalArgumentException.class, () -> Threads.setCount(bad));
        assertEquals("Threads.setCount: " + bad + " threads: expected 1 to " + Threads.MAX, e.getMessage());
      }
      assertEquals(before, Threads.count());
    }

    @Test
    void shouldParseOnlyWholeNumbersInRange() {
      assertEquals(4, Threads.parse(" 4 "));
      assertEquals(1, Threads.parse("1"));
      assertEquals(Threads.MAX, Threads.parse(String.valueOf(Threads.MAX)));
      for (String bad : new String[] {"", "0", "-2", "two", "2.5", "257", "99999999999"}) {
        assertEquals(0, Threads.parse(bad), bad);
      }
    }
  }

  @Nested
  class Property {
    @Test
    void shouldDefaultToTheAvailableProcessors() throws IOException, InterruptedException {
      String out = child(null);
      assertTrue(out.contains("count " + Runtime.getRuntime().availableProcessors()), out);
    }

    @Test
    void shouldTakeTheCountFromThePropertyAndSplitProductsWithIt() throws IOException, InterruptedException {
      String out = child("3");
      assertTrue(out.contains("count 3"), out);
      assertTrue(out.contains("product ok"), out);
    }

    @Test
    void shouldFailTheFirstLargeProductNamingAnInvalidProperty() throws IOException, InterruptedException {
      String out = child("lots");
      assertTrue(out.contains("failed: IllegalStateException: system property fluxion.threads=\"lots\" is not a"
          + " thread count: expected a whole number from 1 to 256 (or call Threads.setCount)"), out);
      assertTrue(out.contains("after setCount: count 2, product ok"), out);
    }
  }

  /**
   * Run in a child JVM: prints the thread count and whether a product large enough to be split
   * runs, then sets the count to 2 and tries again.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println(attempt());
    Threads.setCount(2);
    System.out.println("after setCount: " + attempt());
  }

  private static String attempt() {
    try {
      int n = Threads.count();
      Tensor a = Tensor.ones(256, 256);
      double s = a.matmul(a).sum().item();
      return "count " + n + ", product " + (s == 256.0 * 256 * 256 ? "ok" : "wrong " + s);
    } catch (RuntimeException e) {
      return "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
