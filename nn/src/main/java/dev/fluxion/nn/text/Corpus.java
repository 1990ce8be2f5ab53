package dev.fluxion.nn.text;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.data.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Text corpora on disk, read in a fixed order so the same files always give the same text.
 *
 * <p>The Debian package {@code fortunes} installs some 2.5 MB of English quotations under
 * {@code /usr/share/games/fortunes/}: plain text files in which a line holding only {@code %}
 * ends each fortune, each beside a binary {@code .dat} index and a {@code .u8} link.
 */
public final class Corpus {
  /** Where Debian's {@code fortunes} package installs its files. */
  public static final Path FORTUNES = Path.of("/usr/share/games/fortunes");

  /** The one-line hint given when the fortunes are missing. */
  public static final String FORTUNES_HINT = "sudo apt-get install fortunes";

  private Corpus() {}

  /**
   * {@return the plain text files of a fortunes directory, sorted by name}: regular files whose
   * names have no {@code .dat} or {@code .u8} suffix and do not start with a dot
   *
   * @param dir e.g. {@link #FORTUNES}
   * @throws UncheckedIOException if {@code dir} is missing (the message is
   *     {@value #FORTUNES_HINT} and where it looked), holds no text files, or cannot be listed
   */
  public static List<Path> fortuneFiles(Path dir) {
    Checks.notNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      NoSuchFileException e = new NoSuchFileException(dir.toString());
      throw new UncheckedIOException("no fortunes at " + dir + ": " + FORTUNES_HINT, e);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p))
          .filter(p -> {
            String n = p.getFileName().toString();
            return !n.startsWith(".") && !n.endsWith(".dat") && !n.endsWith(".u8");
          })
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      NoSuchFileException e = new NoSuchFileException(dir.toString());
      throw new UncheckedIOException("no fortune files in " + dir + ": " + FORTUNES_HINT, e);
    }
    return files;
  }

  /**
   * {@return the text of {@link #fortuneFiles(Path)} concatenated in that order, {@code %} lines kept}
   *
   * @param dir e.g. {@link #FORTUNES}
   * @throws UncheckedIOException if the fortunes are missing (message {@value #FORTUNES_HINT}) or unreadable
   * @throws DataFormatException if a file is not valid UTF-8 (naming the file and byte offset)
   */
  public static String fortunes(Path dir) {
    StringBuilder s = new StringBuilder();
    for (Path f : fortuneFiles(dir)) {
      s.append(read(f));
    }
    return s.toString();
  }

  /**
   * {@return the text of a UTF-8 file}
   *
   * @param file a text file, strictly UTF-8
   * @throws DataFormatException if the file is not valid UTF-8 (naming the byte offset)
   * @throws UncheckedIOException if the file cannot be read
   */
  public static String read(Path file) {
    Checks.notNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in).toString();
    } catch (CharacterCodingException e) {
      throw DataFormatException.atOffset(file, in.position(), "not valid UTF-8 text");
    }
  }
}
