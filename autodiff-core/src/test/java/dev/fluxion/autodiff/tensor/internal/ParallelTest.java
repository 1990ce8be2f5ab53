package dev.fluxion.autodiff.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.autodiff.tensor.Threads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The pool: size-only chunk counts, every chunk once, real parallelism, nesting and failures. */
class ParallelTest {
  /** Runs {@code body} with {@code n} threads (timed out after 60 s), then restores the count. */
  static void withThreads(int n, Executable body) {
    int before = Threads.count();
    Threads.setCount(n);
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(60), body);
    } finally {
      Threads.setCount(before);
    }
  }

  @Nested
  class Chunks {
    @Test
    void shouldBeTheLargestPowerOfTwoWithinTheWorkTheUnitsAndTheCap() {
      assertEquals(1, Parallel.chunks(1, 1 << 20, 100));
      assertEquals(1, Parallel.chunks(3L << 20, 1 << 20, 1));
      assertEquals(2, Parallel.chunks(3L << 20, 1 << 20, 100));
      assertEquals(4, Parallel.chunks(7L << 20, 1 << 20, 100));
      assertEquals(4, Parallel.chunks(1L << 40, 1 << 20, 7));
      assertEquals(Parallel.MAX_CHUNKS, Parallel.chunks(1L << 40, 1, Integer.MAX_VALUE));
    }

    @Test
    void shouldCutItemsIntoConsecutiveRanges() {
      for (int n : new int[] {1, 5, 16, 1000}) {
        for (int chunks = 1; chunks <= 16; chunks *= 2) {
          assertEquals(0, Parallel.start(n, chunks, 0));
          assertEquals(n, Parallel.start(n, chunks, chunks));
          for (int c = 1; c <= chunks; c++) {
            assertTrue(Parallel.start(n, chunks, c) >= Parallel.start(n, chunks, c - 1));
          }
        }
      }
    }
  }

  @Nested
  class Pool {
    @Test
    void shouldRunEveryChunkExactlyOnceForAnyThreadCount() {
      for (int threads : new int[] {1, 2, 3, 8}) {
        withThreads(threads, () -> {
          for (int chunks : new int[] {1, 2, 7, 16}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
            for (int rep = 0; rep < 50; rep++) {
              Parallel.forEach(chunks, runs::incrementAndGet);
            }
            for (int c = 0; c < chunks; c++) {
              assertEquals(50, runs.get(c), threads + " threads, chunk " + c + " of " + chunks);
            }
          }
        });
      }
    }

    @Test
    void shouldRunChunksAtTheSameTimeOnNamedDaemonWorkers() {
      withThreads(2, () -> {
        CyclicBarrier both = new CyclicBarrier(2);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        Parallel.forEach(2, c -> {
          ran.add(Thread.currentThread());
          try {
            both.await(30, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new AssertionError("chunk " + c + " did not meet the other one: they ran one after the other", e);
          }
        });
        assertEquals(2, ran.size());
        Thread worker = ran.stream().filter(t -> t != Thread.currentThread()).findFirst().orElseThrow();
        assertTrue(worker.getName().matches("fluxion-worker-\\d+"), worker.getName());
        assertTrue(worker.isDaemon());
      });
    }

    @Test
    void shouldUseAtMostTheThreadCount() {
      withThreads(3, () -> {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int rep = 0; rep < 200; rep++) {
          Parallel.forEach(16, c -> {
            ran.add(Thread.currentThread());
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
          });
        }
        assertTrue(ran.size() <= 3, ran.toString());
        ran.forEach(t -> assertTrue(t == Thread.currentThread() || t.getName().matches("fluxion-worker-[12]"), t.getName()));
      });
    }

    @Test
    void shouldRunOneThreadsChunksOnTheCallerInOrder() {
      withThreads(1, () -> {
        Thread caller = Thread.currentThread();
        StringBuilder order = new StringBuilder();
        Parallel.forEach(5, c -> order.append(c).append(Thread.currentThread() == caller ? "" : "?"));
        assertEquals("01234", order.toString());
      });
    }

    @Test
    void shouldRunNestedJobsOnTheirOwnThread() {
      withThreads(4, () -> {
        AtomicIntegerArray runs = new AtomicIntegerArray(8 * 8);
        Parallel.forEach(8, outer -> Parallel.forEach(8, inner -> runs.incrementAndGet(outer * 8 + inner)));
        for (int i = 0; i < 64; i++) {
          assertEquals(1, runs.get(i));
        }
      });
    }
  }

  @Nested
  class CanShare {
    @Test
    void shouldBeTrueOnlyWhenTheIdlePoolMayHelpThisThread() {
      withThreads(1, () -> assertFalse(Parallel.canShare(), "one thread"));
      withThreads(2, () -> {
        assertTrue(Parallel.canShare(), "idle pool, two threads");
        AtomicIntegerArray shared = new AtomicIntegerArray(2);
        CyclicBarrier both = new CyclicBarrier(2);
        Parallel.forEach(2, c -> {
          shared.set(c, Parallel.canShare() ? 1 : 0);
          try {
            both.await(30, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
        assertEquals(0, shared.get(0), "inside a job: the pool is busy");
        assertEquals(0, shared.get(1), "inside a job: the pool is busy");
      });
    }
  }

  @Nested
  class Failures {
    @Test
    void shouldRethrowAChunksExceptionOnTheCallerAndStayUsable() {
      withThreads(4, () -> {
        for (int bad = 0; bad < 8; bad++) {
          int b = bad;
          var e = assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(8, c -> {
            if (c == b) {
              throw new IllegalArgumentException("chunk " + c);
            }
          }));
          assertEquals("chunk " + bad, e.getMessage());
        }
        var error = assertThrows(LinkageError.class, () -> Parallel.forEach(4, c -> {
          throw new LinkageError("broken " + c);
        }));
        assertTrue(error.getMessage().startsWith("broken "), error.getMessage());
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        Parallel.forEach(8, runs::incrementAndGet);
        for (int c = 0; c < 8; c++) {
          assertEquals(1, runs.get(c));
        }
      });
    }
  }
}
