package dev.fluxion.playground;

import static dev.fluxion.playground.Api.number;
import static dev.fluxion.playground.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.playground.Api.Reply;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A bounded load: several clients at once, as several browser tabs, each checking that its answer
 * belongs to its own question (the API keeps no state a request could see from another), and the
 * heap after a GC stays near where it started.
 */
class LoadTest {
  private static final int CLIENTS = 6;
  private static final int REQUESTS_EACH = 50;
  /** A generous bound on heap growth across the run: the server keeps only a 64-entry drawing cache. */
  private static final long HEAP_GROWTH_BYTES = 64L << 20;

  @Test
  void shouldAnswerEveryRequestRightWithBoundedHeap() throws Exception {
    try (Playground server = Playground.start(Settings.defaults().withPort(0))) {
      URI base = server.uri();
      Api.formula(base, "x", "x=1"); // warm up class loading before the first measurement
      long before = usedHeapAfterGc();
      long start = System.nanoTime();
      List<String> failures = run(base);
      double seconds = (System.nanoTime() - start) / 1e9;
      long after = usedHeapAfterGc();
      assertEquals(List.of(), failures);
      System.out.printf("LoadTest: %d requests from %d clients in %.2f s; used heap %d -> %d MB%n",
          CLIENTS * REQUESTS_EACH, CLIENTS, seconds, before >> 20, after >> 20);
      assertTrue(after - before < HEAP_GROWTH_BYTES, "heap grew from " + before + " to " + after + " bytes");
    }
  }

  /** Runs every client; returns one line per wrong answer. */
  private static List<String> run(URI base) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        results.add(clients.submit(() -> client(base, client)));
      }
      List<String> failures = new ArrayList<>();
      for (Future<List<String>> f : results) {
        failures.addAll(f.get());
      }
      return failures;
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * One client's requests: {@code a*x^2 + sin(x)} at {@code x = i / 7} with its own {@code a}, a few
   * formulas per client so that the drawing cache both hits and misses, and one bad formula in ten.
   */
  private static List<String> client(URI base, int client) {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < REQUESTS_EACH; i++) {
      double a = client + 1 + (i % 3);
      double x = i / 7.0;
      boolean bad = i % 10 == 9;
      String formula = bad ? a + "*x^2 + sin(x" : a + "*x^2 + sin(x)";
      Reply r = Api.formula(base, formula, "x=" + x);
      if (bad) {
        if (r.status() != 400 || !r.body().contains("\"position\":")) {
          failures.add(formula + " -> " + r.status() + " " + r.body());
        }
        continue;
      }
      if (r.status() != 200) {
        failures.add(formula + " at " + x + " -> " + r.status() + " " + r.body());
        continue;
      }
      Map<String, Object> json = r.json();
      double gradient = number(object(json, "gradient"), "x");
      if (Math.abs(gradient - (2 * a * x + Math.cos(x))) > 1e-12 || !formula.equals(json.get("formula"))) {
        failures.add(formula + " at " + x + " -> gradient " + gradient);
      }
    }
    return failures;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
