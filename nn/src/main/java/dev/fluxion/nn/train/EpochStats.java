package dev.fluxion.nn.train;

/**
 * What one epoch measured. Validation figures are NaN when there is no validation set.
 *
 * @param epoch 1-based
 * @param trainLoss the mean training loss over the epoch's batches
 * @param trainAccuracy the training accuracy (NaN when the targets are not class labels)
 * @param validationLoss the mean loss over the validation set; NaN without one
 * @param validationAccuracy the accuracy on the validation set; NaN without one or when the targets are not class labels
 * @param seconds the epoch's wall-clock time
 * @param samplesPerSecond training throughput
 * @param learningRate the learning rate at the epoch's last step (NaN if unknown)
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
    double validationAccuracy, double seconds, double samplesPerSecond, double learningRate) {

  /** {@return {@code epoch=3 train_loss=0.1234 ...}: one line of {@code key=value} pairs} */
  public String toLine() {
    StringBuilder sb = new StringBuilder("epoch=" + epoch);
    append(sb, "train_loss", trainLoss);
    append(sb, "train_accuracy", trainAccuracy);
    append(sb, "val_loss", validationLoss);
    append(sb, "val_accuracy", validationAccuracy);
    sb.append(String.format(java.util.Locale.ROOT, " seconds=%.2f samples_per_s=%.0f", seconds, samplesPerSecond));
    append(sb, "lr", learningRate);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String key, double v) {
    if (!Double.isNaN(v)) {
      sb.append(' ').append(key).append('=').append(String.format(java.util.Locale.ROOT, "%.4g", v));
    }
  }
}
