package dev.fluxion.playground.network;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * The network lab's sessions, one per browser tab, kept within a bound: at most {@code capacity}
 * (creating one more evicts the least recently used) and none idle longer than {@code idle}.
 * Ids are random 128-bit hex strings, so a tab cannot guess another's. Thread-safe.
 *
 * @param <S> what a session holds, e.g. a {@link NetworkSession}
 */
public final class SessionStore<S> {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int capacity;
  private final long idleNanos;
  private final LongSupplier clock;
  /** Least recently used first. */
  private final LinkedHashMap<String, Entry<S>> entries = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * A store on the system clock.
   *
   * @param capacity the most sessions, {@code >= 1}
   * @param idle how long an unused session lives, positive
   * @throws IllegalArgumentException if either is out of its range
   */
  public SessionStore(int capacity, Duration idle) {
    this(capacity, idle, System::nanoTime);
  }

  /**
   * A store on {@code clock}, for tests.
   *
   * @param capacity the most sessions, {@code >= 1}
   * @param idle how long an unused session lives, positive
   * @param clock nanoseconds, as {@link System#nanoTime()}
   * @throws IllegalArgumentException if capacity or idle is out of its range
   */
  public SessionStore(int capacity, Duration idle, LongSupplier clock) {
    if (capacity < 1 || idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("capacity " + capacity + " or idle " + idle + " out of range");
    }
    this.capacity = capacity;
    this.idleNanos = idle.toNanos();
    this.clock = clock;
  }

  /**
   * One session and its bookkeeping: a permit that serialises its training (one stream or step at
   * a time) and the flags that stop a stream.
   *
   * @param <S> what the session holds
   */
  public static final class Entry<S> {
    private final String id;
    private final S session;
    private final Semaphore training = new Semaphore(1);
    private volatile boolean stop;
    private volatile boolean closed;
    private volatile long used;

    private Entry(String id, S session, long now) {
      this.id = id;
      this.session = session;
      this.used = now;
    }

    /** {@return the session's id, 32 hex digits} */
    public String id() {
      return id;
    }

    /** {@return the session} */
    public S session() {
      return session;
    }

    /** {@return the permit to train; whoever holds it is the only one stepping the session} */
    public Semaphore training() {
      return training;
    }

    /** {@return whether a pause asked the running stream to stop} */
    public boolean stopRequested() {
      return stop;
    }

    /**
     * Asks a running stream to stop after its current chunk, or withdraws the request.
     *
     * @param stop true to stop
     */
    public void requestStop(boolean stop) {
      this.stop = stop;
    }

    /** {@return whether the session was deleted, evicted or expired: its stream must end} */
    public boolean closed() {
      return closed;
    }
  }

  /**
   * {@return the new session's entry, after evicting the least recently used one if the store is full}
   *
   * @param session the session to keep
   */
  public synchronized Entry<S> add(S session) {
    expire();
    while (entries.size() >= capacity) {
      close(entries.pollFirstEntry().getValue());
    }
    String id = HexFormat.of().formatHex(bytes());
    Entry<S> e = new Entry<>(id, session, clock.getAsLong());
    entries.put(id, e);
    return e;
  }

  /**
   * {@return the session {@code id}, marked as used now; empty if unknown, deleted or expired}
   *
   * @param id any text
   */
  public synchronized Optional<Entry<S>> get(String id) {
    expire();
    Entry<S> e = entries.get(id);
    if (e != null) {
      e.used = clock.getAsLong();
    }
    return Optional.ofNullable(e);
  }

  /**
   * Marks a session as in use now (a stream calls this per chunk, so a running session never expires).
   *
   * @param e an entry of this store
   */
  public void touch(Entry<S> e) {
    e.used = clock.getAsLong();
  }

  /**
   * {@return whether {@code id} was there}; removes it and ends its stream
   *
   * @param id any text
   */
  public synchronized boolean remove(String id) {
    Entry<S> e = entries.remove(id);
    if (e != null) {
      close(e);
    }
    return e != null;
  }

  /** {@return the number of sessions kept now} */
  public synchronized int size() {
    expire();
    return entries.size();
  }

  /** {@return the ids kept now, least recently used first} */
  public synchronized List<String> ids() {
    return new ArrayList<>(entries.keySet());
  }

  private void expire() {
    long now = clock.getAsLong();
    for (Iterator<Map.Entry<String, Entry<S>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Entry<S> e = it.next().getValue();
      if (now - e.used > idleNanos) {
        it.remove();
        close(e);
      }
    }
  }

  private static void close(Entry<?> e) {
    e.closed = true;
  }

  private static byte[] bytes() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return b;
  }
}
