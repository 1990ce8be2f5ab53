package dev.fluxion.spark;

import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.train.ShardedStep;
import dev.fluxion.nn.train.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import dev.fluxion.autodiff.expr.Expr;

/**
 * A worker JVM's copy of the model of one run: the trainer its factory makes, tree templates and
 * the compiled {@link ShardedStep}, made once per run and executor and shared by its tasks (a
 * sharded step is thread-safe).
 */
final class Replica<P, S, O> {
  private static final Map<String, Replica<?, ?, ?>> RUNS = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Replica<?, ?, ?>> eldest) {
      return size() > 4;
    }
  };

  final P params;
  final S modelState;
  final O optState;
  final ShardedStep<P, S, O> step;

  @SuppressWarnings("unchecked")
  private Replica(Trainer<P, S, O> trainer, @Nullable Function<Object, Expr> penalty, Shape x, Shape y, DType dtype) {
    this.params = trainer.model().init(Key.of(0), x, dtype);
    this.modelState = trainer.model().initState(x, dtype);
    this.optState = trainer.optimizer().init(params);
    this.step = new ShardedStep<>(trainer.model(), trainer.loss(),
        penalty == null ? null : (Function<P, Expr>) (Function<?, Expr>) penalty, trainer.optimizer(), params,
        modelState, x, y);
  }

  /** {@return this JVM's replica of run {@code run}, made from {@code factory} the first time} */
  @SuppressWarnings("unchecked")
  static <P, S, O> Replica<P, S, O> of(String run, TrainerFactory<P, S, O> factory,
      @Nullable Function<Object, Expr> penalty, Shape x, Shape y, DType dtype) {
    synchronized (RUNS) {
      Replica<?, ?, ?> r = RUNS.get(run);
      if (r == null) {
        r = new Replica<>(factory.create(), penalty, x, y, dtype);
        RUNS.put(run, r);
      }
      return (Replica<P, S, O>) r;
    }
  }
}
