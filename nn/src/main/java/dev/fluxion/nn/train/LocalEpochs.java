package dev.fluxion.nn.train;

import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import org.jspecify.annotations.Nullable;

/**
 * Epochs in this process: every batch of a {@link DataLoader} through one fused {@link TrainStep}, or
 * through a {@link ShardedStep} of {@code k} micro-batches (what {@code k} data-parallel workers compute).
 */
final class LocalEpochs<P, S, O> implements EpochRunner<P, S, O> {
  private final @Nullable TrainStep<P, S, O> fused;
  private final @Nullable ShardedStep<P, S, O> sharded;
  private final int shards;
  private final DataLoader train;

  LocalEpochs(TrainStep<P, S, O> step, DataLoader train) {
    this.fused = step;
    this.sharded = null;
    this.shards = 1;
    this.train = train;
  }

  LocalEpochs(ShardedStep<P, S, O> step, int shards, DataLoader train) {
    this.fused = null;
    this.sharded = step;
    this.shards = shards;
    this.train = train;
  }

  @Override
  public int batchSize() {
    return train.batchSize();
  }

  @Override
  public Epoch<P, S, O> run(TrainState<P, S, O> start, int epoch, FitOptions options) {
    Key seeds = Key.of(options.seed());
    TrainState<P, S, O> s = start;
    double lossSum = 0;
    double correct = 0;
    long seen = 0;
    boolean labelled = true;
    try (Progress bar = Progress.start(options.quiet(), epoch, options.epochs(), train.batchesPerEpoch(), options.out())) {
      for (Batch b : train.batches(epoch - 1)) {
        TrainStep.Result<P, S, O> r = fused != null
            ? fused.apply(s.params(), s.optimizerState(), s.modelState(), b, seeds.fold(s.step()).seed())
            : sharded.apply(s.params(), s.optimizerState(), s.modelState(), b.x(), b.y(), shards, seeds.fold(s.step()));
        if (!Double.isFinite(r.loss())) {
          return new Epoch<>(s, lossSum, correct, seen, "non-finite loss " + r.loss() + " at epoch " + epoch
              + ", step " + s.step() + ": training stopped (lower the learning rate or check the inputs)");
        }
        s = new TrainState<>(r.params(), r.modelState(), r.optState(), s.step() + 1, s.epoch());
        lossSum += r.loss() * b.size();
        double acc = Accuracies.correct(r.outputs(), b.y());
        labelled &= !Double.isNaN(acc);
        correct += labelled ? acc : 0;
        seen += b.size();
        bar.step(lossSum / seen, labelled ? correct / seen : Double.NaN);
      }
    }
    return new Epoch<>(s, lossSum, labelled ? correct : Double.NaN, seen, null);
  }
}
