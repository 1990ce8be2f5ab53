package dev.fluxion.examples.support;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every example takes: where pictures go, the seed, and whether to draw progress. */
public final class ExampleOptions {
  /** The output directory for pictures and checkpoints. */
  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "output directory (default ${DEFAULT-VALUE})")
  public Path out = Path.of("out");

  /** The seed of every random key. */
  @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
  public long seed;

  /** No progress bars or per-epoch lines. */
  @Option(names = "--quiet", description = "no progress bars or per-epoch lines")
  public boolean quiet;
}
