package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.Checks;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes Graphviz DOT text atomically and renders it with the {@code dot} program when it is
 * installed ({@code apt-get install graphviz}). Rendering runs {@code dot -TFORMAT in -o out}
 * as a child process with a bounded wait.
 */
public final class Graphviz {
  /** How to get the {@code dot} program on Debian and Ubuntu. */
  public static final String INSTALL_HINT = "apt-get install graphviz";
  /** The longest a single rendering may take. */
  public static final long TIMEOUT_SECONDS = 60;

  private Graphviz() {}

  /**
   * The executable for {@code command}: itself if it contains a path separator, else the first
   * executable of that name on {@code PATH}.
   *
   * @param command {@code "dot"} or a path to it
   * @return the executable, or empty if there is none
   */
  public static Optional<Path> find(String command) {
    Checks.notNull(command, "command");
    if (command.contains(File.separator)) {
      Path p = Path.of(command);
      return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, command);
        if (Files.isExecutable(p) && !Files.isDirectory(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Writes {@code dot} to {@code dir/name.dot} atomically (see {@link OutputFiles}), creating
   * {@code dir} if it is missing (its parent must exist).
   *
   * @return the file written
   * @throws IOException if writing fails
   */
  public static Path write(String dot, Path dir, String name) throws IOException {
    Checks.notNull(dot, "dot");
    Path target = OutputFiles.directory("--out", Checks.notNull(dir, "dir")).resolve(Checks.notNull(name, "name") + ".dot");
    return OutputFiles.write(target, out -> out.write(dot.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Renders {@code dotFile} with {@code executable} to the file beside it with the extension
   * {@code format} ({@code graph.dot} → {@code graph.svg}), written atomically.
   *
   * @param executable the {@code dot} program (see {@link #find})
   * @param dotFile a file of DOT text ending in {@code .dot}
   * @param format a Graphviz output format, e.g. {@code "svg"} or {@code "png"}
   * @return the rendered file
   * @throws IOException if the program cannot start, exits non-zero (its first error line is
   *     quoted) or takes longer than {@value #TIMEOUT_SECONDS} seconds
   */
  public static Path render(Path executable, Path dotFile, String format) throws IOException {
    Checks.notNull(executable, "executable");
    Checks.notNull(format, "format");
    String name = Checks.notNull(dotFile, "dotFile").getFileName().toString();
    Path dir = dotFile.toAbsolutePath().getParent();
    Path target = dir.resolve(name.replaceFirst("\\.dot$", "") + "." + format);
    Path tmp = OutputFiles.reserve(target, ".tmp");
    Path log = OutputFiles.reserve(target, ".log");
    try {
      Process p = new ProcessBuilder(executable.toString(), "-T" + format, dotFile.toString(), "-o", tmp.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
      boolean done;
      try {
        done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while rendering " + name + " with " + executable, e);
      }
      if (!done) {
        p.destroyForcibly();
        throw new IOException(executable + " took longer than " + TIMEOUT_SECONDS + " s to render " + name);
      }
      if (p.exitValue() != 0) {
        String why = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
            .findFirst().orElse("no message");
        throw new IOException(executable + " -T" + format + " " + name + " failed with exit code " + p.exitValue()
            + ": " + why);
      }
      if (Files.size(tmp) == 0) {
        throw new IOException(executable + " -T" + format + " " + name + " wrote nothing");
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } finally {
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(log);
    }
  }
}
