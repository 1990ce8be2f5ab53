package dev.fluxion.autodiff.compile;

import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.tensor.internal.Storage;
import java.util.IdentityHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The meter behind {@link Plan#peakLiveBytes}: while it runs, each plan run on this thread adds the bytes
 * its values hold after every step to those of the runs that enclose it, and the largest sum is kept.
 */
final class LiveBytes {
  /** Per thread while metering: the live bytes of the enclosing runs now, and the peak so far. */
  private static final ThreadLocal<long @Nullable []> METER = new ThreadLocal<>();

  private LiveBytes() {}

  /** {@return the peak of live bytes while {@code run} runs on this thread} */
  static long peak(Runnable run) {
    long[] previous = METER.get();
    long[] meter = {0, 0};
    METER.set(meter);
    try {
      run.run();
    } finally {
      METER.set(previous);
    }
    return meter[1];
  }

  /** {@return this thread's meter ({@code [now, peak]}), or null when nothing is metered (the usual case)} */
  static long @Nullable [] meter() {
    return METER.get();
  }

  /** {@return the bytes of the arrays behind {@code values}, each array once (views share their array's)} */
  static long of(@Nullable Tensor[] values) {
    IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    long bytes = 0;
    for (Tensor t : values) {
      if (t == null) {
        continue;
      }
      Object a = switch (t.dtype()) {
        case FLOAT32 -> Storage.floats(t);
        case INT32 -> Storage.ints(t);
        default -> Storage.raw(t);
      };
      if (seen.put(a, Boolean.TRUE) == null) {
        bytes += a instanceof double[] d ? 8L * d.length : a instanceof float[] f ? 4L * f.length : 4L * ((int[]) a).length;
      }
    }
    return bytes;
  }
}
