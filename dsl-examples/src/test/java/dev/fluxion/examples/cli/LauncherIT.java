package dev.fluxion.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./fluxion} script itself, run as a user runs it: {@code FLUXION_OPTS} reaches the
 * JVM, and stderr carries nothing but what the JVM itself must print. An integration test (Maven
 * Failsafe, after {@code package}), so {@code target/lib} holds this build's jars; skipped when the
 * script or {@code target/lib} is absent.
 */
class LauncherIT {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path SCRIPT = ROOT.resolve("fluxion");
  /** The one line the JVM prints whenever an incubator module is resolved; no option silences it. */
  private static final String INCUBATOR = "WARNING: Using incubator modules: jdk.incubator.vector";

  private record Run(int code, String out, String err) {
    /** Stderr without the JVM's incubator-module line. */
    String noise() {
      return String.join("\n", err.lines().filter(l -> !l.equals(INCUBATOR)).toList()).strip();
    }
  }

  @BeforeAll
  static void classesAreCurrent() throws IOException {
    Path target = ROOT.resolve("dsl-examples/target");
    assumeTrue(Files.isExecutable(SCRIPT) && Files.isDirectory(target.resolve("lib")),
        "no ./fluxion or no dsl-examples/target/lib (run mvn package once): launcher tests skipped");
    // This build has just compiled the classes, so the script need not build them again.
    Path stamp = target.resolve(".fluxion-built");
    if (!Files.exists(stamp)) {
      Files.createFile(stamp);
    }
    Files.setLastModifiedTime(stamp, FileTime.from(Instant.now()));
  }

  private static Run fluxion(String opts, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(
        java.util.stream.Stream.concat(java.util.stream.Stream.of(SCRIPT.toString()), List.of(args).stream()).toList());
    Map<String, String> env = pb.environment();
    env.remove("FLUXION_OPTS");
    if (opts != null) {
      env.put("FLUXION_OPTS", opts);
    }
    Process p = pb.start();
    var err = p.getErrorStream();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "./fluxion did not finish");
    return new Run(p.exitValue(), out, errText);
  }

  @Nested
  class FluxionOpts {
    @Test
    void shouldPassEveryOptionToTheJvm() throws Exception {
      Run vector = fluxion("--add-modules jdk.incubator.vector", "--version");
      Run scalar = fluxion("  --add-modules jdk.incubator.vector   -Dfluxion.gemm=scalar ", "--version");
      assertEquals(0, vector.code(), vector.err());
      assertEquals(0, scalar.code(), scalar.err());
      assertTrue(vector.out().contains("gemm VectorGemm"), vector.out());
      assertTrue(scalar.out().contains("gemm ScalarGemm"), scalar.out());
      assertEquals("", vector.noise(), vector.err());
      assertEquals("", scalar.noise(), scalar.err());
    }

    @Test
    void shouldRunWithoutFluxionOpts() throws Exception {
      Run plain = fluxion(null, "eval", "-x^2", "--at", "x=3");
      assertEquals(0, plain.code(), plain.err());
      assertEquals("f = -9.0", plain.out().strip());
      assertEquals("", plain.err());
    }
  }

  @Nested
  class Stderr {
    @Test
    void shouldKeepAnExampleRunFreeOfLogAndWarningLines(@TempDir Path dir) throws Exception {
      Run xor = fluxion("-Dfluxion.gemm=scalar", "example", "xor", "--epochs", "2", "--out", dir.toString());
      assertEquals(0, xor.code(), xor.err());
      assertTrue(xor.out().contains("accuracy="), xor.out());
      assertEquals("", xor.noise(), "stderr besides the JVM's incubator line: " + xor.err());
    }
  }
}
