package dev.fluxion.autodiff.tensor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fixed two-way split of independent items (images of a batch) between the calling thread and
 * one helper. The split point depends only on the item count, never on timing, so kernels that
 * combine the two halves in a fixed order give the same bits whether or not the halves ran in
 * parallel.
 */
final class Parallel {
  /** Below this many multiply-adds a call stays on the calling thread. */
  static final long PARALLEL_WORK = 1L << 20;
  private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fluxion-batch");
    t.setDaemon(true);
    return t;
  });

  /** Work on items {@code [lo, hi)}. */
  @FunctionalInterface
  interface Range {
    void run(int lo, int hi);
  }

  private Parallel() {}

  /** {@return the first item of the second half of {@code n} items} */
  static int half(int n) {
    return (n + 1) / 2;
  }

  /** Runs {@code body} on {@code [0, half(n))} and {@code [half(n), n)}, in parallel if {@code work} is large. */
  static void split(int n, long work, Range body) {
    int h = half(n);
    if (n < 2 || work < PARALLEL_WORK) {
      body.run(0, h);
      body.run(h, n);
      return;
    }
    CompletableFuture<Void> other = CompletableFuture.runAsync(() -> body.run(h, n), HELPER);
    body.run(0, h);
    try {
      other.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
