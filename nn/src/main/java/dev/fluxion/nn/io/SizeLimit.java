package dev.fluxion.nn.io;

import java.util.Locale;

/**
 * The most memory, in bytes, a file reader may allocate for what it decodes (raw bytes and the
 * numbers they become). Readers compare the size a file's header declares with the limit
 * <em>before</em> allocating, so a small file that declares a huge array (a gzip "bomb") is
 * refused with a clear message instead of exhausting the heap.
 *
 * <p>The default, {@link #heap()}, is the JVM's maximum heap ({@code -Xmx}): data larger than that
 * can never be loaded. Pass a smaller limit to refuse untrusted files earlier, or a larger one
 * ({@link #ofBytes}) when you know better.
 *
 * @param bytes the limit, {@code >= 1}
 */
public record SizeLimit(long bytes) {
  /**
   * Validates the limit.
   *
   * @throws IllegalArgumentException if {@code bytes < 1}
   */
  public SizeLimit {
    if (bytes < 1) {
      throw new IllegalArgumentException("SizeLimit: bytes must be >= 1, got " + bytes);
    }
  }

  /**
   * {@return a limit of {@code bytes} bytes}
   *
   * @param bytes {@code >= 1}
   * @throws IllegalArgumentException if {@code bytes < 1}
   */
  public static SizeLimit ofBytes(long bytes) {
    return new SizeLimit(bytes);
  }

  /** {@return the default limit: the JVM's maximum heap, {@code Runtime.maxMemory()}} */
  public static SizeLimit heap() {
    return new SizeLimit(Math.max(1, Runtime.getRuntime().maxMemory()));
  }

  /**
   * {@return true if {@code needed} bytes are more than the limit allows}
   *
   * @param needed the bytes a reader would allocate, {@code >= 0}
   */
  public boolean refuses(long needed) {
    return needed > bytes;
  }

  /**
   * {@return why {@code needed} bytes for {@code what} are refused, for an error message}
   *
   * @param what what would be allocated, e.g. {@code "shape [268435456] of UNSIGNED_BYTE"}
   * @param needed the bytes it needs
   */
  public String explain(String what, long needed) {
    return what + " needs " + needed + " bytes (" + human(needed) + ") in memory, more than the read limit of "
        + bytes + " bytes (" + human(bytes) + "); pass a larger SizeLimit if the file is trusted";
  }

  /** {@code 2.0 GiB}, {@code 512.0 MiB}, {@code 3.0 KiB} or {@code 12 B}. */
  private static String human(long b) {
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (b < 1024) {
      return b + " B";
    }
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
