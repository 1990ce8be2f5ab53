package dev.fluxion.autodiff.tensor.internal;

import dev.fluxion.autodiff.tensor.Threads;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The thread pool of the GEMM and convolution kernels: a job is a fixed number of chunks that
 * depends only on sizes ({@link #chunks}); the caller and up to {@link Threads#count()}{@code - 1}
 * daemon workers ({@code fluxion-worker-N}) claim chunks until none is left. Kernels write each
 * chunk's result to its own place and combine partial results in chunk order, so the bits never
 * depend on the thread count or on timing.
 *
 * <p>Workers spin for {@link #SPIN_NANOS} after their last chunk before they park, and the caller
 * spins while it waits: a training step hands over work every few hundred microseconds, and waking
 * a parked thread on a virtual machine was measured here to cost about as much as half of a
 * 64x784x128 product. The pool runs one job at a time: a call from a worker (a nested call), from
 * inside a chunk on the caller, or from another thread while the pool is busy runs all its chunks
 * on its own thread, in order. So nothing waits for another job (no deadlock) and at most
 * {@link Threads#count()} threads work for one caller. A chunk's exception reaches the caller.
 */
public final class Parallel {
  /** Below this many multiply-adds a convolution stays on the calling thread. */
  public static final long PARALLEL_WORK = 1L << 20;
  /** The most chunks a job is cut into. */
  public static final int MAX_CHUNKS = 16;
  /** How long an idle worker polls for the next job before it parks. */
  static final long SPIN_NANOS = 200_000;
  private static final AtomicReference<@Nullable Job> CURRENT = new AtomicReference<>();
  private static volatile Worker[] workers = new Worker[0];

  private Parallel() {}

  /**
   * {@return the number of chunks for {@code work} multiply-adds over {@code units} splittable
   * units: the largest power of two at most {@code work / chunkWork}, {@code units} and
   * {@link #MAX_CHUNKS}, or 1} It depends on its arguments only, never on the thread count.
   */
  public static int chunks(long work, long chunkWork, int units) {
    long c = Math.min(Math.min(work / chunkWork, units), MAX_CHUNKS);
    return c < 2 ? 1 : Integer.highestOneBit((int) c);
  }

  /** {@return the first of {@code n} items in chunk {@code c} of {@code chunks}; {@code start(n, chunks, chunks) == n}} */
  public static int start(int n, int chunks, int c) {
    return (int) ((long) n * c / chunks);
  }

  /**
   * {@return whether {@link #forEach} called now from this thread would share its chunks with the
   * pool} (more than one thread allowed, not on a worker, no job running). A hint only, for kernels
   * whose result does not depend on how they are cut (GEMM): when false they may run as one chunk
   * and save the per-chunk overhead.
   *
   * @throws IllegalStateException if the system property {@link Threads#PROPERTY} is invalid
   */
  public static boolean canShare() {
    return Threads.count() > 1 && !(Thread.currentThread() instanceof Worker) && CURRENT.get() == null;
  }

  /**
   * Runs {@code body.accept(c)} once for every chunk {@code 0 <= c < chunks}, on the pool when it
   * is free, else on this thread in order; returns when all have run. The first exception a chunk
   * throws is rethrown here (later chunks may then be skipped).
   *
   * @throws IllegalStateException if the system property {@link Threads#PROPERTY} is invalid
   */
  public static void forEach(int chunks, IntConsumer body) {
    int helpers = Math.min(Threads.count(), chunks) - 1;
    Job job = helpers <= 0 || Thread.currentThread() instanceof Worker ? null : new Job(chunks, helpers, body);
    if (job == null || !CURRENT.compareAndSet(null, job)) {
      for (int c = 0; c < chunks; c++) {
        body.accept(c);
      }
      return;
    }
    try {
      wake(helpers);
      job.runSome();
      job.await();
    } finally {
      CURRENT.set(null);
    }
    job.rethrow();
  }

  /** Starts the first {@code helpers} workers if they do not exist yet, and unparks those parked. */
  private static void wake(int helpers) {
    Worker[] ws = workers;
    if (ws.length < helpers) {
      ws = grow(helpers);
    }
    for (int i = 0; i < helpers; i++) {
      if (ws[i].parked) {
        LockSupport.unpark(ws[i]);
      }
    }
  }

  private static synchronized Worker[] grow(int size) {
    Worker[] ws = workers;
    if (ws.length >= size) {
      return ws;
    }
    Worker[] more = java.util.Arrays.copyOf(ws, size);
    for (int i = ws.length; i < size; i++) {
      more[i] = new Worker(i);
      more[i].start();
    }
    workers = more;
    return more;
  }

  /** One call of {@link #forEach}: chunks are claimed through {@code next}, counted in {@code done}. */
  private static final class Job {
    final int chunks;
    final int helpers;
    final IntConsumer body;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

    Job(int chunks, int helpers, IntConsumer body) {
      this.chunks = chunks;
      this.helpers = helpers;
      this.body = body;
    }

    /** True while worker {@code index} may claim a chunk of this job. */
    boolean open(int index) {
      return index < helpers && next.get() < chunks;
    }

    /** Claims and runs chunks until none is left. */
    void runSome() {
      int c;
      while ((c = next.getAndIncrement()) < chunks) {
        try {
          if (failure.get() == null) {
            body.accept(c);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.incrementAndGet();
        }
      }
    }

    /** Spins, then yields, until every chunk has run. */
    void await() {
      long until = System.nanoTime() + SPIN_NANOS;
      while (done.get() < chunks) {
        if (System.nanoTime() < until) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }

    void rethrow() {
      Throwable f = failure.get();
      if (f instanceof RuntimeException e) {
        throw e;
      }
      if (f instanceof Error e) {
        throw e;
      }
      if (f != null) {
        throw new IllegalStateException("a parallel chunk failed", f);
      }
    }
  }

  /** A pool thread: claims chunks of the current job, spins for {@link #SPIN_NANOS} when idle, then parks. */
  private static final class Worker extends Thread {
    private final int index;
    volatile boolean parked;

    Worker(int index) {
      super("fluxion-worker-" + (index + 1));
      this.index = index;
      setDaemon(true);
    }

    @Override
    public void run() {
      long idleSince = System.nanoTime();
      while (true) {
        Job job = CURRENT.get();
        if (job != null && job.open(index)) {
          job.runSome();
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          parked = true;
          Job again = CURRENT.get();
          if (again == null || !again.open(index)) {
            LockSupport.park(this);
            Thread.interrupted(); // an interrupt would make every later park return at once
          }
          parked = false;
          idleSince = System.nanoTime();
        }
      }
    }
  }
}
