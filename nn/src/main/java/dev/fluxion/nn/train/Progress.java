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
 *
 * <p>The bar is given its width (from {@code $COLUMNS}, else 80 columns), so the library never
 * opens a JLine terminal to measure it: that terminal loads native code, which JDK 24+ reports
 * on stderr as a "restricted method" warning.
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
    return new Progress(bar(epoch, epochs, batches, out, System.getenv("COLUMNS")));
  }

  /** The bar itself, {@code columns} wide (a positive number) or 80 columns; never opens a terminal. */
  static ProgressBar bar(int epoch, int epochs, long batches, PrintStream out, @Nullable String columns) {
    return new ProgressBarBuilder()
        .setTaskName("epoch " + epoch + "/" + epochs)
        .setInitialMax(batches)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(out, width(columns) - 1))
        .showSpeed()
        .build();
  }

  /** The terminal width given by {@code columns} if it is a number in {@code [20, 1000]}, else 80. */
  static int width(@Nullable String columns) {
    try {
      int w = columns == null ? 80 : Integer.parseInt(columns.strip());
      return w >= 20 && w <= 1000 ? w : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
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
