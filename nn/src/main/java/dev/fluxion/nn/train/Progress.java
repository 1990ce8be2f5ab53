package dev.fluxion.nn.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Console progress for one epoch (a bar with loss, accuracy, throughput and ETA), drawn with
 * the progressbar library; silent when output is not a terminal or when asked to be quiet.
 */
final class Progress implements AutoCloseable {
  private final @Nullable ProgressBar bar;

  private Progress(@Nullable ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar for {@code batches} steps of epoch {@code epoch} of {@code epochs}, or a silent one. */
  static Progress start(boolean quiet, int epoch, int epochs, long batches, PrintStream out) {
    if (quiet || System.console() == null) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName("epoch " + epoch + "/" + epochs)
        .setInitialMax(batches)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .showSpeed()
        .build();
    return new Progress(bar);
  }

  /** One more batch, with the running loss and accuracy. */
  void step(double loss, double accuracy) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(Double.isNaN(accuracy)
          ? String.format(java.util.Locale.ROOT, " loss %.4f", loss)
          : String.format(java.util.Locale.ROOT, " loss %.4f acc %.3f", loss, accuracy));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
