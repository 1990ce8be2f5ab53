package dev.fluxion.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.playground.Api.Reply;
import dev.fluxion.playground.NetworkApiTest.Events;
import dev.fluxion.playground.network.NetworkSession;
import dev.fluxion.playground.network.NetworkSpec;
import dev.fluxion.playground.network.SnapshotJson;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several Network lab tabs at once: each trains its own session, half by Step requests and half
 * by a stream, and ends exactly where the same session trained alone ends (sessions are
 * deterministic, so any interference would show); then more sessions than the store keeps, with
 * the heap after a GC bounded.
 */
class NetworkLoadTest {
  private static final int TABS = 4;
  private static final int STEPS = 120;
  /** A generous bound on one session of the largest kind (4 layers of 32, 1000 points, 20,000 steps). */
  private static final long SESSION_BYTES = 8L << 20;

  /** Tab {@code t}'s choices: its own dataset and seed. */
  private static Map<String, String> form(int t) {
    return Map.of("dataset", List.of("spirals", "moons", "circles", "xor").get(t % 4), "seed", String.valueOf(t),
        "hidden", "8,8", "points", "200", "steps", String.valueOf(STEPS));
  }

  @Test
  void tabsShouldNotInterfereAndTheHeapShouldStayBounded() throws Exception {
    try (Playground server = Playground.start(Settings.defaults().withPort(0))) {
      URI base = server.uri();
      ExecutorService tabs = Executors.newFixedThreadPool(TABS);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < TABS; t++) {
          int tab = t;
          results.add(tabs.submit(() -> tab(base, tab)));
        }
        for (int t = 0; t < TABS; t++) {
          NetworkSession alone = new NetworkSession(NetworkSpec.parse(form(t)));
          String expected = SnapshotJson.write("", alone.advance(STEPS), false);
          String got = results.get(t).get();
          assertEquals(withoutId(expected), withoutId(got), "tab " + t + " ends as if it trained alone");
        }
      } finally {
        tabs.shutdownNow();
      }

      long empty = usedHeapAfterGc();
      createLargest(base, NetworkRoutes.SESSIONS);
      long full = usedHeapAfterGc();
      createLargest(base, NetworkRoutes.SESSIONS);
      long again = usedHeapAfterGc();
      System.out.printf("NetworkLoadTest: used heap %d MB, %d MB with %d of the largest sessions, %d MB after %d more%n",
          empty >> 20, full >> 20, NetworkRoutes.SESSIONS, again >> 20, NetworkRoutes.SESSIONS);
      assertTrue(full - empty < NetworkRoutes.SESSIONS * SESSION_BYTES, "a full store holds " + (full - empty));
      assertTrue(again - full < SESSION_BYTES * NetworkRoutes.SESSIONS / 4,
          "evicted sessions are freed: " + full + " -> " + again + " bytes");
    }
  }

  private static void createLargest(URI base, int n) {
    for (int i = 0; i < n; i++) {
      assertEquals(201, NetworkApiTest.create(base, Map.of("hidden", "32,32,32,32", "points", "1000",
          "steps", "20000", "batchSize", "100", "seed", String.valueOf(i))).status());
    }
  }

  /** One tab: creates its session, steps the first half in requests of 20 and streams the rest. */
  private static String tab(URI base, int t) throws Exception {
    Reply created = NetworkApiTest.create(base, form(t));
    assertEquals(201, created.status(), created.body());
    String id = (String) created.json().get("id");
    for (int done = 0; done < STEPS / 2; done += 20) {
      Reply r = Api.post(base, "api/network/" + id + "/step", "{\"steps\": \"20\"}");
      assertEquals(200, r.status(), r.body());
    }
    try (Events events = NetworkApiTest.events(base, id, 15)) {
      assertEquals(200, events.status());
      List<Map<String, Object>> rest = events.next(STEPS);
      assertEquals(STEPS / 2 / 15, rest.size());
    }
    return Api.post(base, "api/network/" + id + "/pause", "{}").body();
  }

  private static String withoutId(String json) {
    return json.replaceFirst("^\\{\"id\":\"[0-9a-f]*\",", "{");
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
