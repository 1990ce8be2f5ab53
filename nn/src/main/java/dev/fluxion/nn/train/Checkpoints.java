package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.nn.io.Checkpoint;
import dev.fluxion.nn.io.CheckpointException;
import dev.fluxion.nn.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves and restores a whole {@link TrainState} (parameters with model state, optimizer state,
 * step and epoch) as one safetensors checkpoint, so that training continued from the file equals
 * training that never stopped, bit for bit.
 */
public final class Checkpoints {
  /**
   * What is stored as the checkpoint's parameter tree.
   *
   * @param params the parameter record
   * @param state the model state (running statistics)
   */
  record Weights(Object params, Object state) {}

  private Checkpoints() {}

  /**
   * Writes {@code s} to {@code path} atomically.
   *
   * @param path the checkpoint file; replaced if it exists
   * @param s the train state
   * @throws IOException if writing fails
   */
  public static void save(Path path, TrainState<?, ?, ?> s) throws IOException {
    Checks.notNull(path, "path");
    Checks.notNull(s, "state");
    Checkpoint.save(path, new Weights(s.params(), s.modelState()), new Weights(s.optimizerState(), epochLeaf(s.epoch())),
        s.step());
  }

  /**
   * Reads a train state saved by {@link #save}, using {@code template} (e.g. the initial state
   * of the same model and optimizer) for the tree structures.
   *
   * @param <P> the parameter record type
   * @param <S> the model state type
   * @param <O> the optimizer state type
   * @param path a checkpoint file written by {@link #save}
   * @param template a train state of the same model and optimizer
   * @return the saved train state
   * @throws IOException if reading fails
   * @throws IllegalArgumentException if the file does not match the template (names and shapes)
   * @throws CheckpointException naming the file and both optimizers' states if the file's optimizer
   *     state was written by another optimizer than the template's
   */
  @SuppressWarnings("unchecked")
  public static <P, S, O> TrainState<P, S, O> load(Path path, TrainState<P, S, O> template) throws IOException {
    Checks.notNull(path, "path");
    Checks.notNull(template, "template");
    Weights w = Checkpoint.load(path, new Weights(template.params(), template.modelState()));
    Weights opt;
    try {
      opt = Checkpoint.loadState(path, new Weights(template.optimizerState(), epochLeaf(0)));
    } catch (CheckpointException e) {
      throw new CheckpointException(path, "its optimizer state does not match this optimizer's ("
          + OptimizerCheck.describe(template.optimizerState()) + "), was it written by another optimizer? The file has"
          + " optimizer leaves " + optimizerLeaves(path) + "; " + e.getMessage());
    }
    int epoch = (int) dev.fluxion.nn.tree.Trees.value((dev.fluxion.autodiff.expr.Expr) opt.state()).item();
    return new TrainState<>((P) w.params(), (S) w.state(), (O) opt.params(), Checkpoint.step(path), epoch);
  }

  private static String optimizerLeaves(Path path) throws IOException {
    List<String> names = new ArrayList<>();
    for (String k : SafeTensors.read(path).tensors().keySet()) {
      if (k.startsWith("opt/params.")) {
        names.add(k.substring("opt/params.".length()));
      }
    }
    return names.size() > 8 ? names.subList(0, 8) + " (" + names.size() + " in all)" : names.toString();
  }

  private static Object epochLeaf(int epoch) {
    return dev.fluxion.autodiff.expr.Fx.scalar(epoch);
  }

  /**
   * {@return A callback saving the train state every {@code n} epochs as
   * {@code dir/epoch-0005.safetensors}; a failed write ends training with the error}
   *
   * @param n {@code >= 1}
   * @param dir where the files go; created if missing
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static Callback every(int n, Path dir) {
    Checks.notNull(dir, "dir");
    if (n < 1) {
      throw new IllegalArgumentException("Checkpoints.every: n must be >= 1, got " + n);
    }
    return (stats, snap) -> {
      if (stats.epoch() % n != 0) {
        return Callback.Decision.CONTINUE;
      }
      Path file = dir.resolve(String.format("epoch-%04d.safetensors", stats.epoch()));
      try {
        java.nio.file.Files.createDirectories(dir);
        save(file, new TrainState<>(snap.params(), snap.modelState(), snap.optimizerState(), snap.step(), snap.epoch()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("checkpoint " + file + " failed: " + e.getMessage(), e);
      }
      return Callback.Decision.CONTINUE;
    };
  }

  /**
   * {@return A callback printing {@code epoch=E lr=...} after every epoch}
   *
   * @param lr the optimizer's schedule, printed at each epoch's last step
   * @param out where to print
   */
  public static Callback logLearningRate(dev.fluxion.nn.optim.Schedule lr, java.io.PrintStream out) {
    Checks.notNull(lr, "lr");
    Checks.notNull(out, "out");
    return (stats, snap) -> {
      out.println("epoch=" + stats.epoch() + " lr=" + lr.at(Math.max(0, snap.step() - 1)));
      return Callback.Decision.CONTINUE;
    };
  }
}
