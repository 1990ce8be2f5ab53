package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A developer's view of where a plan's time goes: with {@code -Dfluxion.profile=true} every step's wall
 * time is summed under its kind and the shapes it reads and writes, and the largest sums are printed to
 * standard error when the JVM exits; {@code -Dfluxion.profile.warmup=N} leaves out the first {@code N}
 * plan runs (the JIT's warm-up). Off (the default), {@link #ON} is a constant {@code false} and
 * the plan never calls in here.
 */
final class StepProfile {
  /** Whether steps are timed, read once from {@code fluxion.profile}. */
  static final boolean ON = Boolean.getBoolean("fluxion.profile");
  private static final int ROWS = 40;
  private static final long WARMUP = Long.getLong("fluxion.profile.warmup", 0);
  private static final LongAdder RUNS = new LongAdder();
  private static final Map<String, long[]> TOTALS = new ConcurrentHashMap<>();
  private static final LongAdder ALL = new LongAdder();

  static {
    if (ON) {
      Runtime.getRuntime().addShutdownHook(new Thread(StepProfile::print, "fluxion-profile"));
    }
  }

  private StepProfile() {}

  /** Counts one run of a plan. */
  static void planRun() {
    RUNS.increment();
  }

  /** Adds {@code nanos} to the row of {@code step}, which has just written its slots. */
  static void record(Step step, Tensor[] slots, long nanos) {
    if (RUNS.sum() <= WARMUP) {
      return;
    }
    StringBuilder key = new StringBuilder(kind(step)).append(' ');
    for (int r : step.reads()) {
      key.append(slots[r] == null ? "?" : slots[r].shape()).append(' ');
    }
    key.append("->");
    for (int w : step.writes()) {
      key.append(' ').append(slots[w] == null ? "?" : slots[w].shape());
    }
    long[] row = TOTALS.computeIfAbsent(key.toString(), k -> new long[2]);
    synchronized (row) {
      row[0] += nanos;
      row[1]++;
    }
    ALL.add(nanos);
  }

  private static String kind(Step step) {
    return switch (step) {
      case Step.Kernel k -> k.op().toString();
      case Step.Chain c -> "chain(" + c.nodes() + ")";
      default -> step.getClass().getSimpleName();
    };
  }

  private static void print() {
    List<Map.Entry<String, long[]>> rows = new ArrayList<>(TOTALS.entrySet());
    rows.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
    double all = Math.max(1, ALL.sum());
    StringBuilder out = new StringBuilder(String.format("fluxion.profile: %.3f s in plan steps%n", all / 1e9));
    for (Map.Entry<String, long[]> e : rows.subList(0, Math.min(ROWS, rows.size()))) {
      long[] v = e.getValue();
      out.append(String.format("%6.2f%% %9.3f s %8d x %8.1f us  %s%n", 100 * v[0] / all, v[0] / 1e9, v[1],
          v[0] / 1e3 / v[1], e.getKey()));
    }
    System.err.print(out);
  }
}
