package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.data.DataFormatException;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Example;
import dev.fluxion.nn.data.Mnist;
import dev.fluxion.nn.data.Transforms;
import dev.fluxion.nn.io.SizeLimit;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Fashion-MNIST (or MNIST: the same file names) for the examples: loaded from IDX files,
 * optionally cut to the first images, normalized and reshaped per example.
 */
public final class FashionMnist {
  /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
  public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

  /** The mean pixel of the Fashion-MNIST training set (pixels in {@code [0, 1]}). */
  public static final double MEAN = 0.2860;

  /** The standard deviation of the Fashion-MNIST training pixels. */
  public static final double STD = 0.3530;

  /** A limit meaning "every image". */
  public static final int ALL = Integer.MAX_VALUE;

  private FashionMnist() {}

  /**
   * The training and test sets, pixels {@code (x - MEAN) / STD}, each image reshaped to
   * {@code exampleDims} (e.g. {@code 784} or {@code 1, 28, 28}).
   *
   * @param dir the directory with {@code train-images-idx3-ubyte[.gz]} and the three other files
   * @param limit the number of training images to keep from the start, {@code >= 1} ({@link #ALL}: all)
   * @param testLimit the number of test images to keep from the start, {@code >= 1} ({@link #ALL}: all)
   * @param exampleDims the shape of one example, of 784 elements
   * @return the two datasets, labels 0..9
   * @throws IllegalArgumentException if the directory or a file is missing (saying how to install
   *     the data), a file is truncated or corrupt (naming it and the reason), a limit is below 1,
   *     or the images are not 28x28
   */
  public static Mnist.Data load(Path dir, int limit, int testLimit, int... exampleDims) {
    return load(dir, limit, testLimit, DType.FLOAT64, exampleDims);
  }

  /**
   * As {@link #load(Path, int, int, int...)} in {@code dtype}: float32 images are decoded and
   * normalized in float32, never held as doubles.
   *
   * @param dir the directory of the four IDX files
   * @param limit the first training images to keep, {@code >= 1}
   * @param testLimit the first test images to keep, {@code >= 1}
   * @param dtype the datasets' dtype, that of the model
   * @param exampleDims the shape of one example, of 784 elements
   * @return the two datasets, labels 0..9
   * @throws IllegalArgumentException as {@link #load(Path, int, int, int...)}
   */
  public static Mnist.Data load(Path dir, int limit, int testLimit, DType dtype, int... exampleDims) {
    if (limit < 1 || testLimit < 1) {
      throw new IllegalArgumentException("--limit and --test-limit must be >= 1, got " + limit + " and " + testLimit);
    }
    if (!Files.isDirectory(dir)) {
      throw missing(dir, "no such directory");
    }
    Mnist.Data raw;
    try {
      raw = Mnist.load(dir, SizeLimit.heap(), dtype);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        throw missing(dir, e.getMessage());
      }
      throw unreadable(dir, e.getMessage());
    } catch (DataFormatException e) {
      throw unreadable(dir, e.getMessage());
    }
    if (raw.train().featureShape().size() != 784) {
      throw new IllegalArgumentException("expected 28x28 images in " + dir + ", got " + raw.train().featureShape());
    }
    Function<Example, Example> prepare = Transforms.normalize(MEAN, STD)
        .andThen(e -> new Example(e.x().reshape(exampleDims), e.y()));
    return new Mnist.Data(cut(raw.train(), limit).map(prepare), cut(raw.test(), testLimit).map(prepare));
  }

  /**
   * {@return the fraction of {@code data}'s examples whose label is the argmax of their logits}
   *
   * @param logits {@code [n, classes]}, one row per example of {@code data}
   * @param data labelled examples, {@code n} of them
   */
  public static double accuracy(Tensor logits, Dataset data) {
    int[] predicted = logits.argmax(1).toIntArray();
    double[] labels = data.targets().toArray();
    int right = 0;
    for (int i = 0; i < predicted.length; i++) {
      right += predicted[i] == (int) labels[i] ? 1 : 0;
    }
    return (double) right / predicted.length;
  }

  private static Dataset cut(Dataset d, int n) {
    return n >= d.size() ? d : d.take(n);
  }

  /** The files are there but cannot be read: no install hint, the reason (which names the file). */
  private static IllegalArgumentException unreadable(Path dir, String why) {
    return new IllegalArgumentException("Fashion-MNIST in " + dir + " cannot be read: " + why
        + " (the file is truncated or corrupt: download or reinstall it)");
  }

  private static IllegalArgumentException missing(Path dir, String why) {
    return new IllegalArgumentException("Fashion-MNIST not found in " + dir + " (" + why
        + "): install it with `apt-get install dataset-fashion-mnist` or pass --data DIR"
        + " (a directory with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
        + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)");
  }
}
