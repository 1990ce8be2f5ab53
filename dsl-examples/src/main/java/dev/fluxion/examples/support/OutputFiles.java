package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.Checks;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The files the command line writes: checked before any work starts, then written atomically (a
 * new file beside the target, renamed over it) with the permissions the umask gives, like any
 * other program's output ({@code Files.createTempFile} would leave them at 0600).
 *
 * <p>The rule for {@code --out}: a file's directory must exist; a directory is created if
 * missing, but its parent must exist. An existing path of the wrong kind (a directory where a
 * file goes, a file where a directory goes) or one that cannot be written is an error.
 */
public final class OutputFiles {
  private static final AtomicLong COUNTER = new AtomicLong();

  private OutputFiles() {}

  /** Writes the bytes of a file. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the content to {@code out} (buffered; closed by the caller).
     *
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Checks that {@code file} can be written: its directory exists and is writable, and it is not a
   * directory nor an unwritable file.
   *
   * @param option the option that named it, for the message (e.g. {@code "--out"})
   * @return the absolute path
   * @throws IllegalArgumentException naming the path as given and the reason
   */
  public static Path checkFile(String option, Path file) {
    Path abs = Checks.notNull(file, "file").toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (Files.isDirectory(abs)) {
      throw bad(option, file, "is a directory");
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw bad(option, file, "directory " + dir + (dir != null && Files.exists(dir) ? " is not a directory" : " does not exist"));
    }
    if (!Files.isWritable(dir)) {
      throw bad(option, file, "directory " + dir + " is not writable");
    }
    if (Files.exists(abs) && !Files.isWritable(abs)) {
      throw bad(option, file, "the existing file is not writable");
    }
    return abs;
  }

  /**
   * Checks that {@code dir} is a writable directory or can be created (its parent exists and is a
   * writable directory).
   *
   * @param option the option that named it, for the message
   * @return the absolute path
   * @throws IllegalArgumentException naming the path as given and the reason
   */
  public static Path checkDirectory(String option, Path dir) {
    Path abs = Checks.notNull(dir, "dir").toAbsolutePath().normalize();
    if (Files.exists(abs)) {
      if (!Files.isDirectory(abs)) {
        throw bad(option, dir, "is a file, not a directory");
      }
      if (!Files.isWritable(abs)) {
        throw bad(option, dir, "the directory is not writable");
      }
      return abs;
    }
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw bad(option, dir, "its parent " + parent + " does not exist (only the last directory is created)");
    }
    if (!Files.isWritable(parent)) {
      throw bad(option, dir, "cannot create it: " + parent + " is not writable");
    }
    return abs;
  }

  /**
   * Writes {@code target} atomically with {@code body}: a new file in the same directory (mode
   * from the umask), then an atomic rename over {@code target}; no temporary file remains.
   *
   * @return the absolute target
   * @throws IOException if the directory is missing or writing or renaming fails
   */
  public static Path write(Path target, Body body) throws IOException {
    Checks.notNull(body, "body");
    Path abs = Checks.notNull(target, "target").toAbsolutePath();
    @Nullable Path tmp = null;
    try {
      tmp = reserve(abs, ".tmp");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE))) {
        body.writeTo(out);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return abs;
    } catch (IOException e) {
      throw new IOException("cannot write " + abs + ": " + reason(e), e);
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Why {@code e} happened, without the name of a temporary file the user never gave. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  /**
   * A new, empty file beside {@code target} with a unique hidden name ending in {@code suffix},
   * created with the umask's permissions (the caller deletes or renames it).
   *
   * @throws IOException if the directory is missing or not writable
   */
  public static Path reserve(Path target, String suffix) throws IOException {
    Path abs = Checks.notNull(target, "target").toAbsolutePath();
    String base = "." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".";
    while (true) {
      Path tmp = abs.resolveSibling(base + COUNTER.incrementAndGet() + Checks.notNull(suffix, "suffix"));
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        // another writer holds this name; take the next
      }
    }
  }

  /**
   * Creates {@code dir} if it is missing (not its parents), after {@link #checkDirectory}.
   *
   * @return the absolute directory
   * @throws IllegalArgumentException as {@link #checkDirectory}
   * @throws IOException if creating it fails
   */
  public static Path directory(String option, Path dir) throws IOException {
    Path abs = checkDirectory(option, dir);
    if (!Files.isDirectory(abs)) {
      try {
        Files.createDirectory(abs);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(abs)) {
          throw bad(option, dir, "is a file, not a directory");
        }
      }
    }
    return abs;
  }

  private static IllegalArgumentException bad(String option, Path given, String why) {
    return new IllegalArgumentException(option + " " + given + ": " + why);
  }
}
