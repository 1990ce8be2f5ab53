package dev.fluxion.nn.io;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The <a href="https://github.com/huggingface/safetensors">safetensors</a> file format: an
 * 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON
 * ({@code {"__metadata__": {..}, "name": {"dtype": "F64", "shape": [..], "data_offsets": [b, e]}, ..}},
 * padded with spaces to a multiple of 8), then the raw little-endian tensor data, offsets relative
 * to the first byte after the header.
 *
 * <p>Each tensor is written in its own dtype, float64 as {@code F64} and float32 as {@code F32},
 * contiguous in the given order, the header as the reference implementation writes it (compact,
 * {@code __metadata__} first, omitted when empty). Reading accepts {@code F64} (a float64 tensor)
 * and {@code F32}, {@code F16} and {@code BF16} (float32 tensors: IEEE half precision and bfloat16
 * widen exactly, subnormals, infinities, NaN and {@code -0} included), and validates the whole
 * header against the file size before any tensor is allocated.
 */
public final class SafeTensors {
  /** The largest header accepted, as in the reference implementation: 100,000,000 bytes. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final int CHUNK = 1 << 16;

  private SafeTensors() {}

  /**
   * The contents of a safetensors file.
   *
   * @param tensors the tensors by name, in header order (an unmodifiable copy)
   * @param metadata the {@code __metadata__} strings, in header order (an unmodifiable copy; empty if absent)
   */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /**
     * Checks the components and copies the maps, keeping their order.
     *
     * @throws IllegalArgumentException if a component is null
     */
    public Contents {
      tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Checks.notNull(tensors, "tensors")));
      metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(Checks.notNull(metadata,
          "metadata")));
    }
  }

  /**
   * Writes {@code tensors} (in iteration order, each as {@code F64} or {@code F32} by its dtype) and {@code metadata} to {@code path}
   * atomically: a temporary file in the same directory is written, forced to disk and moved over
   * {@code path}, so readers see the old file or the new one, never a mix; the temporary file is
   * removed if anything fails.
   *
   * @param path the file to create or replace
   * @param tensors the tensors by name, in iteration order; no name may be {@code "__metadata__"}
   * @param metadata free-form strings stored under {@code __metadata__}
   * @throws IllegalArgumentException if an argument is null, a name is reserved, or a string is not valid Unicode
   * @throws IOException if writing or the atomic move fails
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    Checks.notNull(path, "path");
    Checks.notNull(tensors, "tensors");
    Checks.notNull(metadata, "metadata");
    List<Header.Entry> entries = new ArrayList<>();
    List<Tensor> values = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = Checks.notNull(e.getKey(), "tensor name");
      Tensor t = Checks.notNull(e.getValue(), "tensor " + name);
      if (name.equals(Header.METADATA_KEY)) {
        throw new IllegalArgumentException("tensor name " + Header.METADATA_KEY + " is reserved");
      }
      DType dtype = t.dtype() == dev.fluxion.autodiff.tensor.DType.FLOAT32 ? DType.F32 : DType.F64;
      long end = offset + (long) dtype.bytes() * t.size();
      entries.add(new Header.Entry(name, dtype, t.shape().toArray(), offset, end, 0));
      values.add(t);
      offset = end;
    }
    metadata.forEach((k, v) -> {
      Checks.notNull(k, "metadata key");
      Checks.notNull(v, "metadata value for " + k);
    });
    byte[] header = Header.encode(entries, metadata);
    AtomicFiles.write(path, temp -> {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length).flip();
        writeFully(ch, buf);
        writeFully(ch, ByteBuffer.wrap(header));
        for (Tensor t : values) {
          if (t.dtype() == dev.fluxion.autodiff.tensor.DType.FLOAT32) {
            writeData(ch, t.toFloatArray(), buf);
          } else {
            writeData(ch, t.toArray(), buf);
          }
        }
      }
    });
  }

  private static void writeData(FileChannel ch, double[] data, ByteBuffer buf) throws IOException {
    int perChunk = CHUNK / 8;
    for (int i = 0; i < data.length; i += perChunk) {
      int k = Math.min(perChunk, data.length - i);
      buf.clear();
      buf.asDoubleBuffer().put(data, i, k);
      buf.limit(8 * k);
      writeFully(ch, buf);
    }
  }

  private static void writeData(FileChannel ch, float[] data, ByteBuffer buf) throws IOException {
    int perChunk = CHUNK / 4;
    for (int i = 0; i < data.length; i += perChunk) {
      int k = Math.min(perChunk, data.length - i);
      buf.clear();
      buf.asFloatBuffer().put(data, i, k);
      buf.limit(4 * k);
      writeFully(ch, buf);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /**
   * Reads a safetensors file, validating the header length against the file size and
   * {@link #MAX_HEADER_BYTES}, the JSON, every dtype, shape and offset, and that the tensors tile
   * the data buffer exactly, before allocating any tensor.
   *
   * <p>The tensors, as loaded, must fit in {@link SizeLimit#heap()}.
   *
   * @param path a safetensors file
   * @return the tensors ({@code F64} as float64; {@code F32}, {@code F16} and {@code BF16} as float32)
   *     and metadata, in header order
   * @throws CheckpointException naming the file, and where meaningful the tensor and byte offset,
   *     if the file is not a valid safetensors file of F64/F32/F16/BF16 tensors or needs more memory than the heap
   * @throws IOException if the file cannot be read
   */
  public static Contents read(Path path) throws IOException {
    return read(path, SizeLimit.heap());
  }

  /**
   * Reads a safetensors file as {@link #read(Path)} does, refusing before any tensor is allocated
   * a file whose tensors, as loaded (8 bytes per float64 element, 4 per float32), need more memory
   * than {@code limit}.
   *
   * @param path a safetensors file
   * @param limit the most memory the tensors may take
   * @return the tensors ({@code F64} as float64; {@code F32}, {@code F16} and {@code BF16} as float32)
   *     and metadata, in header order
   * @throws CheckpointException as {@link #read(Path)}, and if the tensors need more than {@code limit}
   * @throws IOException if the file cannot be read
   */
  public static Contents read(Path path, SizeLimit limit) throws IOException {
    Checks.notNull(path, "path");
    Checks.notNull(limit, "limit");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new CheckpointException(path, "file is " + size + " bytes, too short for the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(path, ch, lenBuf, 0);
      long n = lenBuf.flip().getLong();
      if (Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0) {
        throw new CheckpointException(path, "header length " + Long.toUnsignedString(n) + " (file bytes 0-7) exceeds the limit of "
            + MAX_HEADER_BYTES + " bytes");
      }
      if (n > size - 8) {
        throw new CheckpointException(path, "header length " + n + " (file bytes 0-7) exceeds the " + (size - 8)
            + " bytes after the length field (file size " + size + ")");
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
      readFully(path, ch, headerBuf, 8);
      Header.Decoded decoded = Header.decode(path, headerBuf.array(), size - 8 - n);
      long memory = 0;
      for (Header.Entry e : decoded.entries()) {
        memory += (long) e.dtype().loadsAs().bytes() * e.size();
      }
      if (limit.refuses(memory)) {
        throw new CheckpointException(path, limit.explain("the data of " + decoded.entries().size() + " tensor"
            + (decoded.entries().size() == 1 ? "" : "s") + " as loaded", memory));
      }
      java.util.LinkedHashMap<String, Tensor> tensors = new java.util.LinkedHashMap<>();
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      for (Header.Entry e : decoded.entries()) {
        tensors.put(e.name(), readData(path, ch, e, 8 + n + e.begin(), chunk));
      }
      return new Contents(tensors, decoded.metadata());
    }
  }

  /** The tensor of entry {@code e}: {@code F64} as float64, the narrower float types widened exactly to float32. */
  private static Tensor readData(Path path, FileChannel ch, Header.Entry e, long position, ByteBuffer chunk)
      throws IOException {
    DType type = e.dtype();
    int width = type.bytes();
    int perChunk = CHUNK / width;
    double[] wide = new double[type == DType.F64 ? e.size() : 0];
    float[] narrow = new float[type == DType.F64 ? 0 : e.size()];
    long pos = position;
    for (int i = 0; i < e.size(); i += perChunk) {
      int k = Math.min(perChunk, e.size() - i);
      chunk.clear().limit(k * width);
      readFully(path, ch, chunk, pos);
      chunk.flip();
      pos += (long) k * width;
      if (type == DType.F64) {
        chunk.asDoubleBuffer().get(wide, i, k);
      } else {
        for (int j = 0; j < k; j++) {
          narrow[i + j] = type.floatAt(chunk, width * j);
        }
      }
    }
    Shape shape = Shape.of(e.shape());
    return type == DType.F64 ? Tensor.of(wide, shape) : Tensor.of(narrow, shape);
  }

  private static void readFully(Path path, FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new CheckpointException(path, "file ended at byte " + pos + " while reading (was it truncated concurrently?)");
      }
      pos += r;
    }
  }
}
