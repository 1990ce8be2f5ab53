package dev.fluxion.nn.data;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.io.SizeLimit;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The MNIST family (MNIST, Fashion-MNIST, KMNIST): four IDX files in one directory.
 *
 * <p>Each file is found under its canonical name, plain or with {@code .gz}
 * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}); the variant with a dot before {@code idx} is accepted too.
 */
public final class Mnist {
  /** The number of classes, 10. */
  public static final int CLASSES = 10;

  private Mnist() {}

  /**
   * The training and test sets.
   *
   * @param train 60,000 examples for MNIST and Fashion-MNIST
   * @param test 10,000 examples
   */
  public record Data(Dataset train, Dataset test) {}

  /**
   * Loads the four files in {@code dir}: x {@code [28, 28]} scaled to {@code [0, 1]}, y a scalar
   * integer label 0..9 stored as a double.
   *
   * <p>Each file's data is checked against {@link SizeLimit#heap()} before it is allocated.
   *
   * @param dir the directory holding the files
   * @return the training and test datasets
   * @throws DataFormatException naming file and byte offset if a file is corrupt, holds 0 images,
   *     declares more data than the heap can hold, images are not a rank-3 unsigned-byte array,
   *     labels not a rank-1 unsigned-byte array of values 0..9, or the image and label counts differ
   * @throws UncheckedIOException if a file is missing (listing the names tried) or unreadable
   */
  public static Data load(Path dir) {
    return load(dir, SizeLimit.heap());
  }

  /**
   * Loads the four files in {@code dir}, refusing any whose header declares more data than
   * {@code limit}; see {@link #load(Path)}.
   *
   * @param dir the directory holding the files
   * @param limit the most memory one file's decoded data may take
   * @return the training and test datasets
   * @throws DataFormatException as {@link #load(Path)}, and if a file needs more than {@code limit}
   * @throws UncheckedIOException if a file is missing or unreadable
   */
  public static Data load(Path dir, SizeLimit limit) {
    return load(dir, limit, DType.FLOAT64);
  }

  /**
   * Loads the four files in {@code dir} as datasets of {@code dtype} (images {@code x / 255} rounded
   * once); in float32 the images take half the memory of float64 and are never held as doubles.
   *
   * @param dir the directory holding the files
   * @param limit the most memory one file's decoded data may take
   * @param dtype the datasets' dtype, that of the model
   * @return the training and test datasets
   * @throws DataFormatException as {@link #load(Path)}
   * @throws UncheckedIOException if a file is missing or unreadable
   */
  public static Data load(Path dir, SizeLimit limit, DType dtype) {
    Checks.notNull(dir, "dir");
    return new Data(load(dir, "train", limit, dtype), load(dir, "t10k", limit, dtype));
  }

  /**
   * One split of the set, e.g. {@code "train"} or {@code "t10k"}; see {@link #load(Path)}.
   *
   * @param dir the directory holding the files
   * @param prefix the file-name prefix of the split
   * @return the images and labels of the split
   * @throws DataFormatException if a file is corrupt or too large (see {@link #load(Path)})
   * @throws UncheckedIOException if a file is missing or unreadable
   */
  public static Dataset load(Path dir, String prefix) {
    return load(dir, prefix, SizeLimit.heap());
  }

  /**
   * One split of the set, refusing files that declare more data than {@code limit}.
   *
   * @param dir the directory holding the files
   * @param prefix the file-name prefix of the split
   * @param limit the most memory one file's decoded data may take
   * @return the images and labels of the split
   * @throws DataFormatException if a file is corrupt or too large (see {@link #load(Path)})
   * @throws UncheckedIOException if a file is missing or unreadable
   */
  public static Dataset load(Path dir, String prefix, SizeLimit limit) {
    return load(dir, prefix, limit, DType.FLOAT64);
  }

  private static Dataset load(Path dir, String prefix, SizeLimit limit, DType dtype) {
    Checks.notNull(dtype, "dtype");
    Checks.notNull(dir, "dir");
    Checks.notNull(prefix, "prefix");
    Checks.notNull(limit, "limit");
    Idx.Content images = Idx.readContent(find(dir, prefix + "-images", "idx3-ubyte"), limit, dtype.bytes());
    Idx.Content labels = Idx.readContent(find(dir, prefix + "-labels", "idx1-ubyte"), limit, dtype.bytes());
    expect(images, 3);
    expect(labels, 1);
    int n = images.shape().dim(0);
    if (n == 0) {
      throw DataFormatException.atOffset(images.file(), 4, "the file holds 0 images: there is nothing to train or"
          + " evaluate on");
    }
    if (labels.shape().dim(0) != n) {
      throw DataFormatException.atOffset(labels.file(), 4, labels.shape().dim(0) + " labels for " + n
          + " images in " + images.file());
    }
    double[] y = labels.data();
    byte[] pixels = images.raw();
    for (int i = 0; i < n; i++) {
      if (y[i] >= CLASSES) {
        throw DataFormatException.atOffset(labels.file(), 8L + i, "label " + (int) y[i] + " of example " + i
            + " is outside 0.." + (CLASSES - 1));
      }
    }
    Shape row = Shape.of(images.shape().dim(1), images.shape().dim(2));
    if (dtype == DType.FLOAT32) {
      float[] x = new float[pixels.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) ((pixels[i] & 0xff) / 255.0);
      }
      return Dataset.own(Rows.own(x, row, n), Rows.own(y, Shape.scalar(), n).cast(DType.FLOAT32));
    }
    double[] x = new double[pixels.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (pixels[i] & 0xff) / 255.0;
    }
    return Dataset.own(Rows.own(x, row, n), Rows.own(y, Shape.scalar(), n));
  }

  private static void expect(Idx.Content c, int rank) {
    if (c.type() != Idx.DataType.UNSIGNED_BYTE) {
      throw DataFormatException.atOffset(c.file(), 2, "expected UNSIGNED_BYTE (0x08) data, got " + c.type()
          + String.format(" (0x%02X)", c.type().code()));
    }
    if (c.shape().rank() != rank) {
      throw DataFormatException.atOffset(c.file(), 3, "expected rank " + rank + ", got shape " + c.shape());
    }
  }

  private static Path find(Path dir, String stem, String suffix) {
    String[] names = {stem + "-" + suffix, stem + "-" + suffix + ".gz", stem + "." + suffix, stem + "." + suffix + ".gz"};
    for (String name : names) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    NoSuchFileException e = new NoSuchFileException(dir.resolve(names[0]).toString(), null,
        "none of " + String.join(", ", names) + " in " + dir);
    throw new UncheckedIOException(e.getMessage(), e);
  }
}
