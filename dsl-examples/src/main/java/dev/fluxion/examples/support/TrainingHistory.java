package dev.fluxion.examples.support;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.io.SafeTensors;
import dev.fluxion.nn.train.EpochStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-epoch history of a run, kept in its checkpoint's {@code __metadata__} under
 * {@value #KEY} so that a resumed run draws every epoch, not only those since the resume. One
 * line per epoch: {@code epoch,trainLoss,trainAccuracy,validationLoss,validationAccuracy,seconds,
 * samplesPerSecond,learningRate}, doubles in Java's round-trip form.
 */
public final class TrainingHistory {
  /** The metadata key. */
  public static final String KEY = "fluxion.examples.history";

  private TrainingHistory() {}

  /**
   * Adds {@code epochs} to the metadata of the checkpoint {@code file}, rewriting it atomically.
   *
   * @throws IOException if the file cannot be read or written
   */
  public static void attach(Path file, List<EpochStats> epochs) throws IOException {
    Checks.notNull(epochs, "epochs");
    SafeTensors.Contents c = SafeTensors.read(Checks.notNull(file, "file"));
    Map<String, String> metadata = new LinkedHashMap<>(c.metadata());
    metadata.put(KEY, encode(epochs));
    SafeTensors.write(file, c.tensors(), metadata);
  }

  /**
   * The history stored in the checkpoint {@code file}, up to epoch {@code upTo}; empty if it
   * holds none (e.g. a checkpoint written by another program).
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the stored history is malformed
   */
  public static List<EpochStats> read(Path file, int upTo) throws IOException {
    String text = SafeTensors.read(Checks.notNull(file, "file")).metadata().get(KEY);
    List<EpochStats> all = text == null ? List.of() : decode(text, file);
    return all.stream().filter(e -> e.epoch() <= upTo).toList();
  }

  static String encode(List<EpochStats> epochs) {
    StringBuilder sb = new StringBuilder();
    for (EpochStats e : epochs) {
      sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s%n", e.epoch(), e.trainLoss(), e.trainAccuracy(),
          e.validationLoss(), e.validationAccuracy(), e.seconds(), e.samplesPerSecond(), e.learningRate()));
    }
    return sb.toString();
  }

  static List<EpochStats> decode(String text, Path file) {
    List<EpochStats> out = new ArrayList<>();
    int n = 0;
    for (String line : text.strip().lines().toList()) {
      n++;
      String[] f = line.split(",");
      try {
        if (f.length != 8) {
          throw new NumberFormatException(f.length + " fields instead of 8");
        }
        out.add(new EpochStats(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]), d(f[7])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ": " + KEY + " line " + n + " is malformed (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  private static double d(String s) {
    return Double.parseDouble(s);
  }
}
