package dev.fluxion.playground.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The session store's bounds: capacity with least-recently-used eviction, idle expiry, random ids. */
class SessionStoreTest {
  private final AtomicLong now = new AtomicLong();
  private final SessionStore<String> store = new SessionStore<>(2, Duration.ofMinutes(10), now::get);

  @Test
  void shouldEvictTheLeastRecentlyUsedWhenFull() {
    var a = store.add("a");
    var b = store.add("b");
    assertTrue(store.get(a.id()).isPresent(), "a is now the most recently used");
    var c = store.add("c");
    assertEquals(List.of(a.id(), c.id()), store.ids());
    assertTrue(b.closed(), "an evicted session's stream must end");
    assertFalse(a.closed());
    assertTrue(store.get(b.id()).isEmpty());
  }

  @Test
  void shouldExpireIdleSessionsButNotUsedOnes() {
    var a = store.add("a");
    var b = store.add("b");
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    store.touch(b);
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    assertTrue(store.get(a.id()).isEmpty(), "idle 12 minutes");
    assertTrue(a.closed());
    assertEquals("b", store.get(b.id()).orElseThrow().session(), "used 6 minutes ago");
    assertEquals(1, store.size());
  }

  @Test
  void shouldRemoveAndCloseOnDelete() {
    var a = store.add("a");
    assertTrue(store.remove(a.id()));
    assertFalse(store.remove(a.id()));
    assertTrue(a.closed());
    assertEquals(0, store.size());
  }

  @Test
  void shouldGiveRandom128BitIds() {
    SessionStore<Integer> big = new SessionStore<>(1000, Duration.ofMinutes(1));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = big.add(i).id();
      assertTrue(id.matches("[0-9a-f]{32}"), id);
      ids.add(id);
    }
    assertEquals(1000, ids.size());
  }
}
