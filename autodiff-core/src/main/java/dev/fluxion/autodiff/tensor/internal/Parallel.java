package dev.fluxion.autodiff.tensor.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed two-way split of work between the calling thread and one helper thread, shared by the
 * GEMM and convolution kernels. The split point depends only on sizes, never on timing, so kernels
 * that combine the two halves in a fixed order give the same bits whether or not the halves ran in
 * parallel.
 *
 * <p>The helper spins for {@link #SPIN_NANOS} after each task before it parks, and the caller
 * spins while it waits: a training step hands over work every few hundred microseconds, and
 * waking a parked thread on a virtual machine was measured here to cost about as much as a
 * 64x784x128 product's half (a two-thread split was no faster than one thread before). When the
 * helper is busy (a nested call, or another caller thread) the work runs on the caller alone.
 */
public final class Parallel {
  /** Below this many multiply-adds a call stays on the calling thread. */
  public static final long PARALLEL_WORK = 1L << 20;
  /** How long the idle helper polls for the next task before it parks. */
  static final long SPIN_NANOS = 200_000;
  private static final Helper HELPER = new Helper();

  /** Work on items {@code [lo, hi)}. */
  @FunctionalInterface
  public interface Range {
    /** Works on items {@code [lo, hi)}. */
    void run(int lo, int hi);
  }

  private Parallel() {}

  /** {@return the first item of the second half of {@code n} items} */
  public static int half(int n) {
    return (n + 1) / 2;
  }

  /** Runs {@code body} on {@code [0, half(n))} and {@code [half(n), n)}, in parallel if {@code work} is large. */
  public static void split(int n, long work, Range body) {
    int h = half(n);
    if (n < 2 || work < PARALLEL_WORK) {
      body.run(0, h);
      body.run(h, n);
      return;
    }
    both(() -> body.run(0, h), () -> body.run(h, n));
  }

  /** Runs {@code first} on this thread and {@code second} on the helper when it is free, else both here. */
  public static void both(Runnable first, Runnable second) {
    if (!HELPER.acquire()) {
      first.run();
      second.run();
      return;
    }
    try {
      HELPER.submit(second);
      first.run();
    } finally {
      HELPER.awaitAndRelease();
    }
  }

  /** The helper thread: one task slot, spin-then-park. */
  private static final class Helper implements Runnable {
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Thread thread;
    private volatile Runnable task;
    private volatile boolean done = true;
    private volatile Throwable failure;

    Helper() {
      thread = new Thread(this, "fluxion-helper");
      thread.setDaemon(true);
      thread.start();
    }

    boolean acquire() {
      return Thread.currentThread() != thread && busy.compareAndSet(false, true);
    }

    void submit(Runnable r) {
      failure = null;
      done = false;
      task = r;
      LockSupport.unpark(thread);
    }

    void awaitAndRelease() {
      while (!done) {
        Thread.onSpinWait();
      }
      Throwable f = failure;
      failure = null;
      busy.set(false);
      if (f instanceof RuntimeException e) {
        throw e;
      }
      if (f instanceof Error e) {
        throw e;
      }
    }

    @Override
    public void run() {
      while (true) {
        Runnable r = next();
        try {
          r.run();
        } catch (Throwable e) {
          failure = e;
        } finally {
          task = null;
          done = true;
        }
      }
    }

    private Runnable next() {
      long until = System.nanoTime() + SPIN_NANOS;
      Runnable r;
      while ((r = task) == null) {
        if (System.nanoTime() < until) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      return r;
    }
  }
}
