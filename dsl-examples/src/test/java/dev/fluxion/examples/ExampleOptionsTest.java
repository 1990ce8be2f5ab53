package dev.fluxion.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.examples.support.FashionMnist;
import dev.fluxion.examples.support.TrainingHistory;
import dev.fluxion.nn.train.EpochStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options every example shares: {@code --out} is checked before any work and honoured by every
 * example that takes it, {@code --quiet} silences progress, {@code --limit} must be positive, a
 * corrupt data file is named, {@code --dtype} picks float32 (the default) or float64, and a resumed
 * run's charts include the epochs before the resume.
 */
class ExampleOptionsTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Path DATA = Path.of(FashionMnist.DEFAULT_DIR);

  private static void assertPng(Path png) throws IOException {
    try (InputStream in = Files.newInputStream(png)) {
      assertArrayEquals(PNG_MAGIC, in.readNBytes(8), png.toString());
    }
  }

  private static void assertRejectedBeforeWork(ExampleRun r, String... fragments) {
    assertEquals(2, r.code(), r.out());
    assertEquals("", r.out(), "nothing may run before the check");
    assertEquals(1, r.err().strip().lines().count(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), r.err());
    }
  }

  @Nested
  class Out {
    @Test
    void shouldRejectAFileOrAMissingParentBeforeTraining(@TempDir Path dir) throws IOException {
      Path file = Files.writeString(dir.resolve("plain"), "");
      Path orphan = dir.resolve("a/b");
      for (String name : List.of("xor", "spirals", "kotlin-spirals", "fashion-mnist-mlp")) {
        assertRejectedBeforeWork(ExampleRun.of("example", name, "--out", file.toString()),
            "--out " + file + ": is a file, not a directory");
        assertRejectedBeforeWork(ExampleRun.of("example", name, "--out", orphan.toString()),
            "--out " + orphan + ": its parent " + orphan.getParent() + " does not exist");
      }
      assertFalse(Files.exists(dir.resolve("a")), "no directory may be created");
    }

    @Test
    void shouldCreateTheLastDirectoryAndWriteChartsWithTheUmasksPermissions(@TempDir Path dir) throws IOException {
      Path out = dir.resolve("new");
      ExampleRun r = ExampleRun.of("example", "xor", "--epochs", "20", "--out", out.toString());
      assertEquals(0, r.code(), r.err());
      Path png = out.resolve("xor-training.png");
      assertPng(png);
      assertTrue(r.out().contains("wrote " + png), r.out());
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Path reference = Files.createFile(dir.resolve("reference"));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(png));
      }
      try (var files = Files.list(out)) {
        assertEquals(List.of(png), files.toList(), "no temporary file may remain");
      }
    }

    @Test
    void shouldDrawTheKotlinSpiralsAndBeQuietWhenAsked(@TempDir Path dir) throws IOException {
      ExampleRun loud = ExampleRun.of("example", "kotlin-spirals", "--epochs", "10", "--out", dir.toString());
      ExampleRun quiet = ExampleRun.of("example", "kotlin-spirals", "--epochs", "10", "--quiet", "--out",
          dir.toString());
      assertEquals(0, loud.code(), loud.err());
      assertEquals(0, quiet.code(), quiet.err());
      Path png = dir.resolve("kotlin-spirals-training.png");
      assertPng(png);
      assertTrue(loud.out().contains("epoch=10 "), loud.out());
      assertEquals(List.of("wrote " + png), quiet.out().lines().limit(quiet.out().lines().count() - 1).toList(),
          quiet.out());
    }

    @Test
    void shouldDrawAndQuietenTheKotlinFashionMnistExample(@TempDir Path dir) throws IOException {
      assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST is not installed in " + DATA + ": skipped");
      ExampleRun r = ExampleRun.of("example", "kotlin-fashion-mnist", "--epochs", "1", "--limit", "300", "--quiet",
          "--out", dir.toString());
      assertEquals(0, r.code(), r.err());
      Path png = dir.resolve("kotlin-fashion-mnist-training.png");
      assertPng(png);
      assertEquals(2, r.out().lines().count(), "the chart and the summary only: " + r.out());
    }
  }

  @Nested
  class Limit {
    @Test
    void shouldRejectZeroOrNegativeLimits(@TempDir Path dir) {
      for (String option : List.of("--limit", "--test-limit")) {
        for (String n : List.of("0", "-3")) {
          assertRejectedBeforeWork(ExampleRun.of("example", "fashion-mnist-mlp", option, n, "--out", dir.toString()),
              option + " must be >= 1, got " + n);
        }
      }
      assertRejectedBeforeWork(ExampleRun.of("example", "kotlin-fashion-mnist", "--limit", "0", "--out",
          dir.toString()), "--limit must be >= 1, got 0");
    }
  }

  @Nested
  class DType {
    @Test
    void shouldRejectAnUnknownDTypeInOneLineBeforeWork(@TempDir Path dir) {
      for (String name : List.of("xor", "spirals", "schedules", "kotlin-spirals", "fashion-mnist-mlp",
          "fashion-mnist-cnn", "resnet", "kotlin-fashion-mnist")) {
        assertRejectedBeforeWork(ExampleRun.of("example", name, "--dtype", "float16", "--out", dir.toString()),
            "--dtype: unknown dtype 'float16': expected float32 or float64");
      }
    }

    @Test
    void shouldTrainInFloat32ByDefaultAndInFloat64WhenAsked(@TempDir Path dir) {
      ExampleRun standard = ExampleRun.of("example", "xor", "--epochs", "5", "--out", dir.toString());
      ExampleRun wide = ExampleRun.of("example", "xor", "--epochs", "5", "--dtype", "float64", "--out", dir.toString());
      ExampleRun spirals = ExampleRun.of("example", "kotlin-spirals", "--epochs", "2", "--dtype", "f64", "--out",
          dir.toString());
      assertEquals(0, standard.code(), standard.err());
      assertEquals(0, wide.code(), wide.err());
      assertEquals(0, spirals.code(), spirals.err());
      assertEquals("float32", standard.summary().get("dtype"));
      assertEquals("float64", wide.summary().get("dtype"));
      assertEquals("float64", spirals.summary().get("dtype"));
    }
  }

  @Nested
  class Data {
    @Test
    void shouldNameATruncatedFileInsteadOfSayingToInstallTheData(@TempDir Path dir) throws IOException {
      assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST is not installed in " + DATA + ": skipped");
      Path data = Files.createDirectory(dir.resolve("data"));
      try (var files = Files.list(DATA)) {
        for (Path f : files.toList()) {
          Files.copy(f, data.resolve(f.getFileName()));
        }
      }
      Path images = data.resolve("train-images-idx3-ubyte.gz");
      byte[] bytes = Files.readAllBytes(images);
      Files.write(images, Arrays.copyOf(bytes, bytes.length / 2));
      for (String name : List.of("fashion-mnist-mlp", "kotlin-fashion-mnist")) {
        ExampleRun r = ExampleRun.of("example", name, "--data", data.toString(), "--out", dir.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("train-images-idx3-ubyte.gz") && r.err().contains("truncated or corrupt"), r.err());
        assertFalse(r.err().contains("apt-get install"), r.err());
      }
    }
  }

  @Nested
  class Resume {
    @Test
    void shouldKeepTheEpochsBeforeTheResumeInTheCheckpointAndTheCharts(@TempDir Path dir) throws IOException {
      assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST is not installed in " + DATA + ": skipped");
      List<String> common = List.of("example", "fashion-mnist-mlp", "--limit", "256", "--test-limit", "128",
          "--quiet", "--out", dir.toString());
      ExampleRun first = ExampleRun.of(concat(common, "--epochs", "1"));
      assertEquals(0, first.code(), first.err());
      Path checkpoint = dir.resolve("fashion-mnist-mlp.safetensors");
      List<EpochStats> one = TrainingHistory.read(checkpoint, 9);
      assertEquals(1, one.size());
      ExampleRun resumed = ExampleRun.of(concat(common, "--epochs", "3", "--resume", checkpoint.toString()));
      assertEquals(0, resumed.code(), resumed.err());
      List<EpochStats> three = TrainingHistory.read(checkpoint, 9);
      assertEquals(List.of(1, 2, 3), three.stream().map(EpochStats::epoch).toList());
      assertEquals(one.get(0), three.get(0), "epoch 1 as the first run measured it");
      assertEquals(String.valueOf(three.get(2).trainLoss()).substring(0, 4),
          resumed.summary().get("train_loss").substring(0, 4));
      assertPng(dir.resolve("fashion-mnist-mlp-loss.png"));
    }

    private static String[] concat(List<String> head, String... tail) {
      return java.util.stream.Stream.concat(head.stream(), Arrays.stream(tail)).toArray(String[]::new);
    }
  }
}
