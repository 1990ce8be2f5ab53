package dev.fluxion.nn.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: encoding (compact JSON padded with spaces to a
 * multiple of 8 bytes, {@code __metadata__} first, as the reference implementation writes it)
 * and decoding with full validation against the size of the data buffer.
 */
final class Header {
  static final String METADATA_KEY = "__metadata__";
  private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private Header() {}

  /**
   * One tensor's header entry.
   *
   * @param name the tensor name
   * @param dtype its element type
   * @param shape non-negative dimensions
   * @param begin the first byte in the data buffer
   * @param end one past the last byte in the data buffer
   * @param pos the entry's byte offset within the header, for messages
   */
  record Entry(String name, DType dtype, int[] shape, long begin, long end, int pos) {
    /** The number of elements. */
    int size() {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      return (int) n;
    }
  }

  /**
   * A decoded header.
   *
   * @param entries the tensors in header order
   * @param metadata the {@code __metadata__} strings in header order (empty if absent)
   */
  record Decoded(List<Entry> entries, Map<String, String> metadata) {}

  /**
   * The header bytes for {@code entries} (contiguous) and {@code metadata}, padded with spaces.
   *
   * @throws IllegalArgumentException if a name or metadata string is not valid Unicode
   */
  static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
    JsonWriter w = JsonWriter.compact().beginObject();
    if (!metadata.isEmpty()) {
      w.name(METADATA_KEY).beginObject();
      metadata.forEach((k, v) -> w.name(k).value(v));
      w.endObject();
    }
    for (Entry e : entries) {
      w.name(e.name()).beginObject().name("dtype").value(e.dtype().name()).name("shape").beginArray();
      for (int d : e.shape()) {
        w.value(d);
      }
      w.endArray().name("data_offsets").array(e.begin(), e.end()).endObject();
    }
    String text = w.endObject().toJson();
    byte[] json;
    try {
      ByteBuffer bb = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
      json = Arrays.copyOf(bb.array(), bb.limit());
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a tensor name or metadata string is not valid Unicode (unpaired surrogate)");
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(json, padded);
    Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  /**
   * Parses and validates a header against a data buffer of {@code dataLength} bytes.
   *
   * @param file the file, for messages
   * @param header the header bytes (file bytes {@code [8, 8 + header.length)})
   * @param dataLength the number of bytes after the header
   * @throws CheckpointException for malformed JSON, a bad entry, an unknown or unsupported dtype,
   *     a size mismatch, or offsets that are out of range, overlap or leave gaps
   */
  static Decoded decode(Path file, byte[] header, long dataLength) {
    Json.Value root;
    try {
      root = Json.parse(header);
    } catch (Json.ParseException e) {
      throw new CheckpointException(file, "malformed JSON header at file byte " + (8 + e.offset())
          + " (header byte " + e.offset() + "): " + e.getMessage());
    }
    if (!(root instanceof Json.Obj obj)) {
      throw fail(file, root, "the header is " + root.kind() + ", expected a JSON object");
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, Json.Value> m : obj.members().entrySet()) {
      if (m.getKey().equals(METADATA_KEY)) {
        metadata = metadata(file, m.getValue());
      } else {
        entries.add(entry(file, m.getKey(), m.getValue(), header.length, dataLength));
      }
    }
    checkCoverage(file, entries, header.length, dataLength);
    return new Decoded(List.copyOf(entries), metadata);
  }

  private static Map<String, String> metadata(Path file, Json.Value v) {
    if (!(v instanceof Json.Obj o)) {
      throw fail(file, v, METADATA_KEY + " is " + v.kind() + ", expected an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Json.Value> m : o.members().entrySet()) {
      if (!(m.getValue() instanceof Json.Str s)) {
        throw fail(file, m.getValue(), METADATA_KEY + " value for \"" + m.getKey() + "\" is " + m.getValue().kind()
            + ", expected a string");
      }
      out.put(m.getKey(), s.value());
    }
    return out;
  }

  private static Entry entry(Path file, String name, Json.Value v, int headerLength, long dataLength) {
    String what = "tensor '" + name + "'";
    if (!(v instanceof Json.Obj o)) {
      throw fail(file, v, what + " is " + v.kind() + ", expected an object with dtype, shape and data_offsets");
    }
    for (String key : o.members().keySet()) {
      if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
        throw fail(file, o, what + " has an unexpected field \"" + key + "\"");
      }
    }
    Json.Value dt = require(file, o, what, "dtype");
    if (!(dt instanceof Json.Str dts)) {
      throw fail(file, dt, what + ": dtype is " + dt.kind() + ", expected a string");
    }
    DType dtype = DType.byName(dts.value());
    if (dtype == null) {
      throw fail(file, dt, what + ": unknown dtype \"" + dts.value() + "\"");
    }
    if (!dtype.readable()) {
      throw fail(file, dt, what + ": dtype " + dtype + " is not supported (Fluxion reads F64, F32, F16 and BF16)");
    }
    long[] dims = naturals(file, require(file, o, what, "shape"), what + ": shape", -1);
    long[] offsets = naturals(file, require(file, o, what, "data_offsets"), what + ": data_offsets", 2);
    int[] shape = new int[dims.length];
    long elements = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > Integer.MAX_VALUE) {
        throw fail(file, o, what + ": dimension " + i + " of shape " + Arrays.toString(dims) + " exceeds 2^31-1");
      }
      shape[i] = (int) dims[i];
      if (elements != 0) {
        elements = dims[i] == 0 ? 0 : dims[i] > MAX_ELEMENTS / elements ? MAX_ELEMENTS + 1L : elements * dims[i];
      }
    }
    if (elements > MAX_ELEMENTS) {
      throw fail(file, o, what + ": shape " + Arrays.toString(dims) + " has more than " + MAX_ELEMENTS + " elements");
    }
    long begin = offsets[0];
    long end = offsets[1];
    String range = "data_offsets [" + begin + ", " + end + "]";
    if (begin > end) {
      throw fail(file, o, what + ": " + range + " begin after they end");
    }
    if (end > dataLength) {
      throw fail(file, o, what + ": " + range + " exceed the " + dataLength + "-byte data buffer (they would end at file byte "
          + fileByte(headerLength, end) + " of " + (8L + headerLength + dataLength) + ")");
    }
    long need = elements * dtype.bytes();
    if (need != end - begin) {
      throw fail(file, o, what + ": shape " + Arrays.toString(dims) + " of " + dtype + " needs " + need
          + " bytes but " + range + " span " + (end - begin));
    }
    return new Entry(name, dtype, shape, begin, end, o.pos());
  }

  /** The file byte of data-buffer offset {@code offset}, exact even where {@code long} would overflow. */
  private static String fileByte(int headerLength, long offset) {
    return BigInteger.valueOf(offset).add(BigInteger.valueOf(8L + headerLength)).toString();
  }

  private static Json.Value require(Path file, Json.Obj o, String what, String key) {
    Json.Value v = o.members().get(key);
    if (v == null) {
      throw fail(file, o, what + " has no \"" + key + "\"");
    }
    return v;
  }

  private static long[] naturals(Path file, Json.Value v, String what, int length) {
    if (!(v instanceof Json.Arr a)) {
      throw fail(file, v, what + " is " + v.kind() + ", expected an array of non-negative integers");
    }
    if (length >= 0 && a.items().size() != length) {
      throw fail(file, v, what + " has " + a.items().size() + " entries, expected " + length);
    }
    long[] out = new long[a.items().size()];
    for (int i = 0; i < out.length; i++) {
      Json.Value item = a.items().get(i);
      if (!(item instanceof Json.Num n) || !n.isNaturalNumber()) {
        throw fail(file, item, what + " entry " + i + " is not a non-negative integer");
      }
      try {
        out[i] = Long.parseLong(n.text());
      } catch (NumberFormatException e) {
        throw fail(file, item, what + " entry " + i + " (" + n.text() + ") is too large");
      }
    }
    return out;
  }

  /** The entries, sorted by offset, must tile {@code [0, dataLength)} exactly. */
  private static void checkCoverage(Path file, List<Entry> entries, int headerLength, long dataLength) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long at = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin() < at) {
        throw new CheckpointException(file, "tensor '" + e.name() + "' data_offsets [" + e.begin() + ", " + e.end()
            + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
      }
      if (e.begin() > at) {
        throw gap(file, headerLength, at, e.begin(), "before tensor '" + e.name() + "'");
      }
      at = e.end();
      previous = e;
    }
    if (at < dataLength) {
      throw gap(file, headerLength, at, dataLength, "after the last tensor");
    }
  }

  private static CheckpointException gap(Path file, int headerLength, long from, long to, String where) {
    long start = 8L + headerLength;
    return new CheckpointException(file, "data bytes [" + from + ", " + to + ") " + where + " belong to no tensor (file bytes ["
        + (start + from) + ", " + (start + to) + "))");
  }

  private static CheckpointException fail(Path file, Json.Value at, String message) {
    return new CheckpointException(file, message + " (header byte " + at.pos() + ", file byte " + (8 + at.pos()) + ")");
  }
}
