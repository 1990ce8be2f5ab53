package dev.fluxion.examples.support;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every example takes: where pictures go, the seed, and whether to draw progress. */
public final class ExampleOptions {
  /** The output directory for pictures and checkpoints, checked when the option is parsed. */
  public Path out = Path.of("out");

  /** The seed of every random key. */
  @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
  public long seed;

  /** No progress bars or per-epoch lines. */
  @Option(names = "--quiet", description = "no progress bars or per-epoch lines")
  public boolean quiet;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /**
   * Sets {@link #out} after checking it (see {@link OutputFiles}), so a bad directory is
   * reported before any work starts.
   *
   * @throws ParameterException if {@code dir} is a file, not writable, or its parent is missing
   */
  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
      description = "output directory, created if missing (its parent must exist) (default ${DEFAULT-VALUE})")
  void setOut(Path dir) {
    try {
      OutputFiles.checkDirectory("--out", dir);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    out = dir;
  }
}
