package dev.fluxion.nn.io;

import dev.fluxion.autodiff.tensor.Checks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Atomic file replacement: the content is written to a temporary file in the target's directory,
 * forced to disk and moved over the target in one step, so a reader sees the old file or the new
 * one, never a mix, and a failed write leaves the old file untouched and no temporary file behind.
 *
 * <p>The temporary file is created like any new file ({@code Files.createFile} with no explicit
 * permissions), so the result has the permissions the process's umask gives new files (usually
 * {@code rw-r--r--}), not the owner-only {@code rw-------} of {@code Files.createTempFile}.
 */
public final class AtomicFiles {
  private static final AtomicLong COUNTER = new AtomicLong();

  private AtomicFiles() {}

  /** Writes the whole content of a new file. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the content to {@code temp}, an empty file that the caller then moves into place.
     *
     * @param temp the temporary file to fill (open it for writing; close what you open)
     * @throws IOException if writing fails
     */
    void write(Path temp) throws IOException;
  }

  /**
   * Creates or replaces {@code path} atomically with what {@code body} writes.
   *
   * @param path the file to create or replace; its directory must exist
   * @param body writes the content to the temporary file it is given
   * @throws IllegalArgumentException if an argument is null
   * @throws IOException if writing, forcing to disk or the atomic move fails (the temporary file
   *     is removed)
   */
  public static void write(Path path, Body body) throws IOException {
    Checks.notNull(path, "path");
    Checks.notNull(body, "body");
    Path target = path.toAbsolutePath();
    Path temp = createTemp(target);
    try {
      body.write(temp);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static Path createTemp(Path target) throws IOException {
    Path dir = target.getParent();
    String base = "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
    while (true) {
      Path temp = dir.resolve(base + COUNTER.incrementAndGet() + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        // another writer holds this name; try the next one
      }
    }
  }
}
