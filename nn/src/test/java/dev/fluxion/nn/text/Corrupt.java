package dev.fluxion.nn.text;

import static org.junit.jupiter.api.Assertions.*;

import dev.fluxion.nn.data.DataFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Hand-made binary files for the readers' error tests. */
final class Corrupt {
  private Corrupt() {}

  /** A 4-byte magic followed by little-endian int32s. */
  static byte[] file(String magic, int... ints) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * ints.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(magic.getBytes(StandardCharsets.ISO_8859_1));
    for (int i : ints) {
      b.putInt(i);
    }
    return b.array();
  }

  /** Writes {@code content} to {@code f} and checks that {@code load} refuses it at {@code offset}, saying {@code words}. */
  static void assertRefused(Path f, byte[] content, Consumer<Path> load, long offset, String words)
      throws IOException {
    Files.write(f, content);
    var e = assertThrows(DataFormatException.class, () -> load.accept(f));
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(words), e.getMessage());
  }
}
