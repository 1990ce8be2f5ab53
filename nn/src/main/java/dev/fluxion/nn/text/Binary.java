package dev.fluxion.nn.text;

import dev.fluxion.nn.data.DataFormatException;
import dev.fluxion.nn.io.AtomicFiles;
import dev.fluxion.nn.io.SizeLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the small versioned binary files of this package: a 4-byte magic, a version, a body. */
final class Binary {
  private Binary() {}

  /**
   * The whole of {@code file}, little-endian, checked to hold at least {@code header} bytes, to fit
   * the heap, and to start with {@code magic} and {@code version}; positioned after the version.
   */
  static ByteBuffer read(Path file, String what, String magic, int version, int header) {
    try {
      long size = Files.size(file);
      if (size < header) {
        throw DataFormatException.atOffset(file, size, "truncated: a " + what + " file has a " + header
            + "-byte header, but the file has " + size + " bytes");
      }
      SizeLimit limit = SizeLimit.heap();
      if (limit.refuses(size)) {
        throw DataFormatException.atOffset(file, 0, limit.explain("the " + what + " file", size));
      }
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      checkHeader(file, b, what, magic, version);
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #read}, for a 12-byte header whose last field counts the items of {@code itemBytes}
   * bytes that fill the rest of the file: a count that is negative or disagrees with the size is refused.
   */
  static ByteBuffer readCounted(Path file, String what, String magic, int version, int itemBytes, String items) {
    ByteBuffer b = read(file, what, magic, version, 12);
    int n = b.getInt(8);
    long body = b.capacity() - 12L;
    if (n < 0 || (long) itemBytes * n != body) {
      throw DataFormatException.atOffset(file, 8, "the header declares " + n + " " + items + ", but the file holds "
          + body + " bytes after the header (" + itemBytes + " per item)");
    }
    return b;
  }

  /** Checks the magic and version at the start of {@code b} and leaves it positioned after them. */
  static void checkHeader(Path file, ByteBuffer b, String what, String magic, int version) {
    byte[] m = new byte[4];
    b.get(0, m);
    if (!magic.equals(new String(m, StandardCharsets.ISO_8859_1))) {
      throw DataFormatException.atOffset(file, 0, "not a " + what + " file: it starts with "
          + printable(m) + ", not \"" + magic + "\"");
    }
    int v = b.getInt(4);
    if (v != version) {
      throw DataFormatException.atOffset(file, 4, what + " format version " + v + " is not supported (this"
          + " reader knows version " + version + ")");
    }
    b.position(8);
  }

  /** The magic as bytes, for writers. */
  static byte[] magic(String magic) {
    return magic.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A little-endian buffer of {@code 12 + body} bytes holding the magic, version and {@code count}. */
  static ByteBuffer start(String magic, int version, int count, int body) {
    ByteBuffer b = ByteBuffer.allocate(12 + body).order(ByteOrder.LITTLE_ENDIAN);
    return b.put(magic(magic)).putInt(version).putInt(count);
  }

  /** Replaces {@code file} atomically by the bytes of {@code b}. */
  static void write(Path file, String what, ByteBuffer b) {
    try {
      AtomicFiles.write(file, temp -> Files.write(temp, b.array()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + what + " file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String printable(byte[] m) {
    StringBuilder s = new StringBuilder("0x");
    for (byte x : m) {
      s.append(String.format("%02X", x & 0xff));
    }
    return s.toString();
  }
}
