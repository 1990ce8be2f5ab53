package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.io.AtomicFiles;
import dev.fluxion.nn.io.SizeLimit;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reader and writer for IDX files, the format of MNIST and Fashion-MNIST.
 *
 * <p>Layout: two zero bytes, a dtype code, the rank {@code r}, then {@code r} big-endian 32-bit
 * dimensions, then the elements big-endian in row-major order. A file is gzip-compressed when
 * it starts with the bytes {@code 0x1f 0x8b} (its name does not matter). Sizes declared by the
 * header are checked against the actual content and a cap before anything is allocated from
 * them; offsets in errors count bytes of the (decompressed) content.
 */
public final class Idx {
  /** The most elements a file may declare: {@code 2^28} (2 GiB of doubles). */
  public static final long MAX_ELEMENTS = 1L << 28;

  private static final int BUFFER = 1 << 16;

  private Idx() {}

  /** The element types of IDX, by their code in the third magic byte. */
  public enum DataType {
    /** {@code 0x08}: unsigned byte, 0..255. */
    UNSIGNED_BYTE(0x08, 1),
    /** {@code 0x09}: signed byte. */
    SIGNED_BYTE(0x09, 1),
    /** {@code 0x0B}: 16-bit signed integer. */
    SHORT(0x0B, 2),
    /** {@code 0x0C}: 32-bit signed integer. */
    INT(0x0C, 4),
    /** {@code 0x0D}: 32-bit float. */
    FLOAT(0x0D, 4),
    /** {@code 0x0E}: 64-bit double. */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int bytes;

    DataType(int code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }

    /** {@return the code in the magic number} */
    public int code() {
      return code;
    }

    /** {@return the size of one element in bytes} */
    public int bytes() {
      return bytes;
    }

    static @Nullable DataType ofCode(int code) {
      for (DataType t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }
  }

  /**
   * A checked file: its element type, shape and raw big-endian bytes (owned by the caller),
   * decoded on demand so a float32 reader need not hold them as doubles.
   */
  record Content(Path file, DataType type, Shape shape, byte[] raw, int count) {
    /** {@return the values as fresh doubles} */
    double[] data() {
      return toDoubles(raw, type, count);
    }
  }

  /**
   * The tensor stored in an IDX file, plain or gzip-compressed, as doubles.
   *
   * <p>The memory the data needs is checked against {@link SizeLimit#heap()} before anything is
   * allocated; see {@link #read(Path, SizeLimit)}.
   *
   * @param file an IDX file; e.g. MNIST images give {@code [n, 28, 28]} values 0..255, labels {@code [n]}
   * @return a tensor of the declared shape
   * @throws DataFormatException naming the file and byte offset if the magic number, dtype, rank or
   *     dimensions are invalid, the file (or its gzip stream) is truncated, has trailing bytes, or
   *     declares more than {@link #MAX_ELEMENTS} elements or more data than the heap can hold
   * @throws UncheckedIOException if the file cannot be read (or is not valid gzip)
   */
  public static Tensor read(Path file) {
    return read(file, SizeLimit.heap());
  }

  /**
   * The tensor stored in an IDX file, refusing a file whose header declares more data than
   * {@code limit} before allocating it (the raw bytes plus 8 bytes per element as doubles).
   *
   * @param file an IDX file, plain or gzip-compressed
   * @param limit the most memory the decoded data may take
   * @return a tensor of the declared shape
   * @throws DataFormatException as {@link #read(Path)}, and if the declared data needs more than
   *     {@code limit} (naming the shape, the bytes needed and the limit)
   * @throws UncheckedIOException if the file cannot be read (or is not valid gzip)
   */
  public static Tensor read(Path file, SizeLimit limit) {
    Content c = readContent(file, limit, Double.BYTES);
    return Tensor.of(c.data(), c.shape());
  }

  /** Reads and checks a file; the returned array is fresh. */
  static Content readContent(Path file, SizeLimit limit, int decodedBytes) {
    Checks.notNull(file, "file");
    Checks.notNull(limit, "limit");
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
      raw.mark(2);
      boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      long known = gz ? -1 : Files.size(file);
      Counting in = new Counting(gz ? new GZIPInputStream(raw, BUFFER) : raw);
      try (in) {
        return decode(file, in, known, limit, decodedBytes);
      } catch (EOFException e) {
        throw DataFormatException.atOffset(file, in.count, "truncated: the gzip stream ends early (" + in.count
            + " bytes decompressed, then the compressed data or its trailer is missing; was the download cut short?)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IDX file " + file + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  /** Counts the bytes read through it, for the offsets in errors. */
  private static final class Counting extends FilterInputStream {
    private long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b >= 0 ? 1 : 0;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int r = super.read(b, off, len);
      count += Math.max(r, 0);
      return r;
    }
  }

  private static Content decode(Path file, InputStream in, long known, SizeLimit limit, int decodedBytes)
      throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw DataFormatException.atOffset(file, magic.length, "truncated: the content ends inside the 4-byte magic number");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw DataFormatException.atOffset(file, 0, String.format(
          "bad magic number 0x%02X%02X%02X%02X: an IDX file starts with two zero bytes",
          magic[0], magic[1], magic[2], magic[3]));
    }
    DataType type = DataType.ofCode(magic[2] & 0xff);
    if (type == null) {
      throw DataFormatException.atOffset(file, 2, String.format(
          "unknown dtype code 0x%02X (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)", magic[2] & 0xff));
    }
    int rank = magic[3] & 0xff;
    if (rank == 0) {
      throw DataFormatException.atOffset(file, 3, "rank 0: an IDX file needs at least one dimension");
    }
    ByteBuffer head = ByteBuffer.wrap(in.readNBytes(4 * rank));
    if (head.capacity() < 4 * rank) {
      throw DataFormatException.atOffset(file, 4L + head.capacity(), "truncated: the content ends inside the "
          + rank + " dimensions of the header");
    }
    int[] dims = new int[rank];
    long count = 1;
    for (int i = 0; i < rank; i++) {
      dims[i] = head.getInt(4 * i);
      if (dims[i] < 0) {
        throw DataFormatException.atOffset(file, 4L + 4L * i, "dimension " + i + " is "
            + Integer.toUnsignedLong(dims[i]) + ", more than 2^31-1");
      }
      count *= dims[i];
      if (count > MAX_ELEMENTS) {
        throw DataFormatException.atOffset(file, 4L + 4L * i, "the header declares more than " + MAX_ELEMENTS
            + " elements (dimensions " + describe(dims, i + 1) + "...)");
      }
    }
    long start = 4L + 4L * rank;
    long bytes = count * type.bytes();
    if (bytes > Integer.MAX_VALUE - 8) {
      throw DataFormatException.atOffset(file, 4, "the header declares " + bytes + " bytes of " + type
          + " data, more than one array can hold");
    }
    long memory = bytes + (long) decodedBytes * count;
    if (limit.refuses(memory)) {
      throw DataFormatException.atOffset(file, 4, "the header's " + limit.explain("shape "
          + describe(dims, rank) + " of " + type + " (" + count + " elements, decoded at " + decodedBytes + " bytes each)", memory));
    }
    String what = "shape " + describe(dims, rank) + " of " + type + " needs " + bytes + " bytes of data from offset " + start;
    if (known >= 0 && known - start < bytes) {
      throw DataFormatException.atOffset(file, known, "truncated: " + what + ", but the file ends at offset " + known);
    }
    if (known >= 0 && known - start > bytes) {
      throw DataFormatException.atOffset(file, start + bytes, (known - start - bytes) + " trailing bytes after the data: "
          + what);
    }
    byte[] data = in.readNBytes((int) bytes);
    if (data.length < bytes) {
      throw DataFormatException.atOffset(file, start + data.length, "truncated: " + what
          + ", but the content ends at offset " + (start + data.length));
    }
    if (in.read() != -1) {
      throw DataFormatException.atOffset(file, start + bytes, "trailing bytes after the data: " + what);
    }
    return new Content(file, type, Shape.of(dims), data, (int) count);
  }

  private static double[] toDoubles(byte[] bytes, DataType type, int count) {
    double[] out = new double[count];
    ByteBuffer b = ByteBuffer.wrap(bytes);
    switch (type) {
      case UNSIGNED_BYTE -> {
        for (int i = 0; i < count; i++) {
          out[i] = bytes[i] & 0xff;
        }
      }
      case SIGNED_BYTE -> {
        for (int i = 0; i < count; i++) {
          out[i] = bytes[i];
        }
      }
      case SHORT -> {
        for (int i = 0; i < count; i++) {
          out[i] = b.getShort(2 * i);
        }
      }
      case INT -> {
        for (int i = 0; i < count; i++) {
          out[i] = b.getInt(4 * i);
        }
      }
      case FLOAT -> {
        for (int i = 0; i < count; i++) {
          out[i] = b.getFloat(4 * i);
        }
      }
      case DOUBLE -> {
        for (int i = 0; i < count; i++) {
          out[i] = b.getDouble(8 * i);
        }
      }
    }
    return out;
  }

  /**
   * Writes a tensor as an IDX file.
   *
   * @param file the destination, replaced atomically ({@link AtomicFiles}) if it exists
   * @param t rank 1..255; for integer types every value must be an integer in the type's range
   * @param type the element type; {@code FLOAT} rounds to float
   * @param gzip true to gzip-compress the file
   * @throws IllegalArgumentException if the rank is 0 or a value does not fit the type (naming its index)
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(Path file, Tensor t, DataType type, boolean gzip) {
    Checks.notNull(file, "file");
    Checks.notNull(t, "t");
    Checks.notNull(type, "type");
    if (t.rank() < 1 || t.rank() > 255) {
      throw new IllegalArgumentException("IDX needs rank 1..255, got shape " + t.shape());
    }
    double[] v = t.toArray();
    for (int i = 0; i < v.length; i++) {
      checkFits(v[i], type, i);
    }
    try {
      AtomicFiles.write(file, temp -> {
        try (OutputStream base = new BufferedOutputStream(Files.newOutputStream(temp), BUFFER);
            DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(base, BUFFER) : base)) {
          writeContent(out, t, v, type);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write IDX file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeContent(DataOutputStream out, Tensor t, double[] v, DataType type) throws IOException {
    out.write(new byte[] {0, 0, (byte) type.code(), (byte) t.rank()});
    for (int d : t.shape().toArray()) {
      out.writeInt(d);
    }
    for (double x : v) {
      switch (type) {
        case UNSIGNED_BYTE, SIGNED_BYTE -> out.writeByte((int) x);
        case SHORT -> out.writeShort((int) x);
        case INT -> out.writeInt((int) x);
        case FLOAT -> out.writeFloat((float) x);
        case DOUBLE -> out.writeDouble(x);
      }
    }
  }

  private static void checkFits(double x, DataType type, int index) {
    double lo = switch (type) {
      case UNSIGNED_BYTE -> 0;
      case SIGNED_BYTE -> Byte.MIN_VALUE;
      case SHORT -> Short.MIN_VALUE;
      case INT -> Integer.MIN_VALUE;
      case FLOAT, DOUBLE -> Double.NEGATIVE_INFINITY;
    };
    double hi = switch (type) {
      case UNSIGNED_BYTE -> 255;
      case SIGNED_BYTE -> Byte.MAX_VALUE;
      case SHORT -> Short.MAX_VALUE;
      case INT -> Integer.MAX_VALUE;
      case FLOAT, DOUBLE -> Double.POSITIVE_INFINITY;
    };
    boolean integral = type != DataType.FLOAT && type != DataType.DOUBLE;
    if (integral && !(x >= lo && x <= hi && x == Math.rint(x))) {
      throw new IllegalArgumentException("value " + x + " at flat index " + index + " does not fit " + type
          + " [" + (long) lo + ", " + (long) hi + "]");
    }
  }

  private static String describe(int[] dims, int k) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < k; i++) {
      s.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return s.append(']').toString();
  }
}
