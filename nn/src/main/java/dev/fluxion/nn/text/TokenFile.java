package dev.fluxion.nn.text;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.data.DataFormatException;
import dev.fluxion.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file of token ids read by random access: the ids stay on disk (memory-mapped, read-only) and
 * only the ranges asked for are read, so the file may be larger than the heap.
 *
 * <p>Layout (little-endian): a 32-byte header — the magic {@code "FXTK"}, the version
 * {@code int32 1}, the id width in bytes {@code int32} (2 or 4), the vocabulary size {@code int32},
 * the token count {@code int64}, 8 zero bytes — then the ids, unsigned 16-bit when the vocabulary
 * has at most 65,536 ids, else signed 32-bit. The ids after the header can be read as a NumPy
 * {@code memmap} of {@code '<u2'} or {@code '<i4'} at offset 32. Each id is checked against the
 * vocabulary when it is read.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenFile {
  /** The header size in bytes; the ids start here. */
  public static final int HEADER = 32;

  private static final String MAGIC = "FXTK";
  private static final int VERSION = 1;
  private static final int SEGMENT_BITS = 30;
  private static final int BLOCK = 1 << 20;

  private final Path file;
  private final int width;
  private final int vocabularySize;
  private final long size;
  private final MappedByteBuffer[] segments;

  private TokenFile(Path file, int width, int vocabularySize, long size, MappedByteBuffer[] segments) {
    this.file = file;
    this.width = width;
    this.vocabularySize = vocabularySize;
    this.size = size;
    this.segments = segments;
  }

  /**
   * Encodes the text files {@code inputs}, in the order given, into the token file {@code out}
   * (written atomically) and opens it. Each file is read in blocks and encoded on its own, so the
   * ids are those of {@code tokenizer.encode} applied to each file's text, concatenated, and no
   * file needs to fit in memory. A byte-pair tokenizer encodes the bytes as they are; a character
   * tokenizer decodes them as UTF-8 first.
   *
   * @param out the token file, created or replaced; its directory must exist
   * @param tokenizer the tokenizer, whose vocabulary size the file records
   * @param inputs the text files, UTF-8
   * @return the written file, opened
   * @throws DataFormatException if a file is not valid UTF-8 for a character tokenizer (naming the byte offset)
   * @throws IllegalArgumentException if a character is not in a character tokenizer's vocabulary
   *     (naming it, its char index and file)
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public static TokenFile write(Path out, Tokenizer tokenizer, List<Path> inputs) {
    return write(out, tokenizer, inputs, BLOCK);
  }

  /** As {@link #write(Path, Tokenizer, List)}, reading {@code block >= 2 * MAX_CHUNK} bytes at a time. */
  static TokenFile write(Path out, Tokenizer tokenizer, List<Path> inputs, int block) {
    Checks.notNull(out, "out");
    Checks.notNull(tokenizer, "tokenizer");
    Checks.notNull(inputs, "inputs");
    List<Path> files = List.copyOf(inputs);
    store(out, tokenizer.vocabularySize(), sink -> {
      for (Path in : files) {
        encodeFile(in, tokenizer, sink, block);
      }
    });
    return open(out);
  }

  /**
   * Writes {@code ids} to the token file {@code out} (atomically) and opens it.
   *
   * @param out the token file, created or replaced; its directory must exist
   * @param vocabularySize {@code >= 1}; every id must be below it
   * @param ids token ids in {@code [0, vocabularySize)}
   * @return the written file, opened
   * @throws IllegalArgumentException if {@code vocabularySize < 1} or an id is out of range (naming its index)
   * @throws UncheckedIOException if the file cannot be written
   */
  public static TokenFile write(Path out, int vocabularySize, int[] ids) {
    Checks.notNull(out, "out");
    Checks.notNull(ids, "ids");
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabularySize) {
        throw new IllegalArgumentException("TokenFile: id " + ids[i] + " at index " + i + " is outside [0, "
            + vocabularySize + ")");
      }
    }
    store(out, vocabularySize, sink -> sink.add(ids, ids.length));
    return open(out);
  }

  /**
   * {@return the token file at {@code file}, mapped read-only; only its header is read now}
   *
   * @param file a file written by {@code write}
   * @throws DataFormatException naming the byte offset if the file is shorter than the header, the
   *     magic, version, width (2 or 4) or vocabulary size (1..65,536 at width 2, else {@code >= 1}) is
   *     wrong, or the token count disagrees with the file size
   * @throws UncheckedIOException if the file cannot be read
   */
  public static TokenFile open(Path file) {
    Checks.notNull(file, "file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long bytes = ch.size();
      if (bytes < HEADER) {
        throw DataFormatException.atOffset(file, bytes, "truncated: a token file has a " + HEADER
            + "-byte header, but the file has " + bytes + " bytes");
      }
      ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
      while (h.hasRemaining()) {
        if (ch.read(h, h.position()) < 0) {
          throw DataFormatException.atOffset(file, h.position(), "truncated while reading the header");
        }
      }
      Binary.checkHeader(file, h, "token", MAGIC, VERSION);
      int width = h.getInt(8);
      if (width != 2 && width != 4) {
        throw DataFormatException.atOffset(file, 8, "id width " + width + ": expected 2 or 4 bytes");
      }
      int vocab = h.getInt(12);
      if (vocab < 1 || width == 2 && vocab > 1 << 16) {
        throw DataFormatException.atOffset(file, 12, "vocabulary size " + vocab + " does not fit " + width
            + "-byte ids (expected 1.." + (width == 2 ? "65536" : "2^31-1") + ")");
      }
      long count = h.getLong(16);
      long body = bytes - HEADER;
      if (count < 0 || count > body / width) {
        throw DataFormatException.atOffset(file, 16, "truncated: the header declares " + count + " tokens of "
            + width + " bytes, but the file holds " + body + " bytes after the header");
      }
      if (count * width != body) {
        throw DataFormatException.atOffset(file, HEADER + count * width, (body - count * width)
            + " trailing bytes after the " + count + " tokens the header declares");
      }
      int n = (int) ((bytes + (1L << SEGMENT_BITS) - 1) >>> SEGMENT_BITS);
      MappedByteBuffer[] segments = new MappedByteBuffer[n];
      for (int k = 0; k < n; k++) {
        long at = (long) k << SEGMENT_BITS;
        segments[k] = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(bytes - at, 1L << SEGMENT_BITS));
        segments[k].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new TokenFile(file, width, vocab, count, segments);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read token file " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@return the path of the file} */
  public Path file() {
    return file;
  }

  /** {@return the number of tokens {@code n}} */
  public long size() {
    return size;
  }

  /** {@return the vocabulary size recorded in the file: every id is below it} */
  public int vocabularySize() {
    return vocabularySize;
  }

  /** {@return the bytes per id on disk, 2 or 4} */
  public int width() {
    return width;
  }

  /**
   * {@return token {@code index}}
   *
   * @param index in {@code [0, size())}
   * @throws IllegalArgumentException if {@code index} is out of range
   * @throws DataFormatException if the stored id is outside the vocabulary (naming its byte offset)
   */
  public int get(long index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("TokenFile: index " + index + " is outside [0, " + size + ") of " + file);
    }
    long at = HEADER + index * width;
    MappedByteBuffer seg = segments[(int) (at >>> SEGMENT_BITS)];
    int pos = (int) (at & ((1L << SEGMENT_BITS) - 1));
    int id = width == 2 ? seg.getShort(pos) & 0xffff : seg.getInt(pos);
    if (id < 0 || id >= vocabularySize) {
      throw DataFormatException.atOffset(file, at, "token " + index + " is " + id + ", outside the vocabulary [0, "
          + vocabularySize + ")");
    }
    return id;
  }

  /**
   * {@return tokens {@code [from, from + length)} as a fresh array}
   *
   * @param from {@code >= 0}
   * @param length {@code >= 0}, with {@code from + length <= size()}
   * @throws IllegalArgumentException if the range is not inside the file
   * @throws DataFormatException if a stored id is outside the vocabulary
   */
  public int[] read(long from, int length) {
    if (from < 0 || length < 0 || from > size - length) {
      throw new IllegalArgumentException("TokenFile: range [" + from + ", " + (from + length) + ") is outside [0, "
          + size + ") of " + file);
    }
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = get(from + i);
    }
    return out;
  }

  /** {@code TokenFile[path, tokens=1000, vocabulary=512, width=2]}. */
  @Override
  public String toString() {
    return "TokenFile[" + file + ", tokens=" + size + ", vocabulary=" + vocabularySize + ", width=" + width + "]";
  }

  /** Receives ids in order; writes them little-endian at the file's width. */
  private static final class Sink {
    private final FileChannel ch;
    private final int width;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long count;

    Sink(FileChannel ch, int width) {
      this.ch = ch;
      this.width = width;
    }

    void add(int[] ids, int n) throws IOException {
      for (int i = 0; i < n; i++) {
        if (buf.remaining() < width) {
          flush();
        }
        if (width == 2) {
          buf.putShort((short) ids[i]);
        } else {
          buf.putInt(ids[i]);
        }
      }
      count += n;
    }

    void flush() throws IOException {
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }
  }

  @FunctionalInterface
  private interface Body {
    void write(Sink sink) throws IOException;
  }

  private static void store(Path out, int vocabularySize, Body body) {
    if (vocabularySize < 1) {
      throw new IllegalArgumentException("TokenFile: vocabularySize must be >= 1, got " + vocabularySize);
    }
    int width = vocabularySize <= 1 << 16 ? 2 : 4;
    try {
      AtomicFiles.write(out, temp -> {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ch.position(HEADER);
          Sink sink = new Sink(ch, width);
          body.write(sink);
          sink.flush();
          ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
          h.put(Binary.magic(MAGIC)).putInt(VERSION).putInt(width).putInt(vocabularySize).putLong(sink.count);
          h.clear();
          while (h.hasRemaining()) {
            ch.write(h, h.position());
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write token file " + out + ": " + e.getMessage(), e);
    }
  }

  private static void encodeFile(Path in, Tokenizer tokenizer, Sink sink, int block) throws IOException {
    byte[] buf = new byte[block];
    CharBuffer chars = CharBuffer.allocate(block);
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    Map<String, int[]> cache = new HashMap<>();
    Ints ids = new Ints();
    long base = 0;
    long charsBefore = 0;
    int filled = 0;
    try (InputStream s = Files.newInputStream(in)) {
      while (true) {
        filled += s.readNBytes(buf, filled, block - filled);
        boolean end = filled < block;
        int cut = end ? filled : tokenizer instanceof BytePairTokenizer ? BytePairTokenizer.lastChunkStart(buf, filled)
            : lastCharStart(buf, filled);
        ids.clear();
        switch (tokenizer) {
          case BytePairTokenizer bpe -> bpe.encodeTo(buf, 0, cut, ids, cache);
          case CharTokenizer ct -> {
            chars.clear();
            ByteBuffer bytes = ByteBuffer.wrap(buf, 0, cut);
            CoderResult r = utf8.reset().decode(bytes, chars, true);
            if (r.isError()) {
              throw DataFormatException.atOffset(in, base + bytes.position(), "not valid UTF-8: " + r.length()
                  + " malformed byte(s); a character tokenizer reads UTF-8 text");
            }
            chars.flip();
            ct.encodeTo(chars, ids, charsBefore, " of " + in);
            charsBefore += chars.length();
          }
        }
        sink.add(ids.array(), ids.size());
        if (end) {
          return;
        }
        System.arraycopy(buf, cut, buf, 0, filled - cut);
        base += cut;
        filled -= cut;
      }
    }
  }

  /** Where the last UTF-8 sequence of {@code b[0, end)} starts if it is multi-byte, else {@code end}. */
  private static int lastCharStart(byte[] b, int end) {
    int k = end - 1;
    while (k > 0 && end - k < 4 && (b[k] & 0xC0) == 0x80) {
      k--;
    }
    return (b[k] & 0xC0) == 0xC0 ? k : end;
  }
}
