package dev.fluxion.spark;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.nn.data.Shards;
import dev.fluxion.nn.train.ShardGradient;
import dev.fluxion.nn.train.ShardedStep;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.ArrayList;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import java.util.function.Function;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.jspecify.annotations.Nullable;
import scala.Function1;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One worker's epoch, run as a task of a barrier stage: every step it computes its shard's
 * gradient, adds its children's sums, sends the sum to its parent, receives the total (and shard
 * 0's model state) back, passes it on to its children and applies the same update as every other
 * rank. Rank 0 returns the end state.
 *
 * @param <P> the parameter tree type
 * @param <S> the model state tree type
 * @param <O> the optimizer state type
 */
final class ShardTask<P, S, O> implements Function1<Iterator<ShardBlock>, Iterator<Outcome>>, Serializable {
  private static final long serialVersionUID = 1L;

  /** Steps begun by tasks in this JVM, for fault-injection tests to kill a task mid-epoch. */
  static final java.util.concurrent.atomic.AtomicLong STEPS_BEGUN = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Everything a task needs besides its shard: the same for all ranks of a stage.
   *
   * @param run the fit's id (keys the executor's {@link Replica})
   * @param factory makes the trainer
   * @param penalty added to every shard's loss, or null
   * @param xShape one example's feature shape
   * @param yShape one example's target shape
   * @param dtype the parameters' dtype
   * @param k the number of workers
   * @param b examples per worker per step
   * @param n the dataset's size
   * @param epoch the epoch, from 1
   * @param seed the per-step randomness (dropout)
   * @param shuffleSeed the data order's key
   * @param driverHost the rendezvous host
   * @param driverPort the rendezvous port
   * @param token proves a registration belongs to this fit
   * @param needsVector whether the driver has the Vector API module
   * @param localSteps steps between averages (1: synchronous SGD)
   */
  record Plan(String run, TrainerFactory<?, ?, ?> factory, @Nullable Function<Object, Expr> penalty, int[] xShape,
      int[] yShape, DType dtype, int k, int b, long n, int epoch, long seed, long shuffleSeed, String driverHost,
      int driverPort, long token, boolean needsVector, int localSteps) implements Serializable {}

  private final Plan plan;
  private final Leaves params;
  private final Leaves optState;
  private final Leaves modelState;
  private final long startStep;

  ShardTask(Plan plan, Leaves params, Leaves optState, Leaves modelState, long startStep) {
    this.plan = plan;
    this.params = params;
    this.optState = optState;
    this.modelState = modelState;
    this.startStep = startStep;
  }

  @Override
  public Iterator<Outcome> apply(Iterator<ShardBlock> blocks) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int rank = ctx.partitionId();
    String where = "executor " + SparkEnv.get().executorId() + " on " + host();
    checkVectorModule(plan.needsVector(), ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), where);
    if (!blocks.hasNext()) {
      throw new IllegalStateException("fluxion: rank " + rank + " received no shard");
    }
    ShardBlock block = blocks.next();
    try {
      Outcome o = run(ctx, rank, block);
      return CollectionConverters.asScala(o == null ? List.<Outcome>of().iterator() : List.of(o).iterator());
    } catch (IOException e) {
      ctx.killTaskIfInterrupted();
      throw new UncheckedIOException("fluxion: rank " + rank + " (" + where + ") lost a peer: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  /**
   * Fails when the driver has the Vector API module and this executor has not: its kernels would
   * take the scalar paths. (Spark 4 adds the module to the executors it launches; executors
   * started otherwise may lack it.)
   */
  static void checkVectorModule(boolean driverHas, boolean executorHas, String where) {
    if (driverHas && !executorHas) {
      throw new IllegalStateException("fluxion: " + where + " runs without the Vector API module, which the driver"
          + " has: add --add-modules jdk.incubator.vector to spark.executor.extraJavaOptions (SparkTrainer.conf sets"
          + " it), or run the driver without it too");
    }
  }

  @SuppressWarnings("unchecked")
  private @Nullable Outcome run(BarrierTaskContext ctx, int rank, ShardBlock block) throws IOException {
    int k = plan.k();
    Replica<P, S, O> r = Replica.of(plan.run(), (TrainerFactory<P, S, O>) plan.factory(), plan.penalty(),
        Shape.of(plan.xShape()), Shape.of(plan.yShape()), plan.dtype());
    P p = params.into("params", r.params);
    O opt = optState.into("optimizer state", r.optState);
    S state = modelState.into("model state", r.modelState);
    Peers.Patience patience = new Peers.Patience(600_000, ctx::isInterrupted);
    ServerSocket server = Peers.listen();
    Rendezvous.Address[] table;
    try {
      long group = ((long) ctx.stageId() << 20) | ctx.stageAttemptNumber();
      table = Rendezvous.meet(plan.driverHost(), plan.driverPort(), plan.token(), group, rank,
          new Rendezvous.Address(host(), server.getLocalPort()), k, patience);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    ShardedStep<P, S, O> step = r.step;
    Key seeds = Key.of(plan.seed());
    long[] nanos = new long[3];
    double lossSum = 0;
    double correct = 0;
    long seen = 0;
    long t = startStep;
    String stopped = null;
    int h = plan.localSteps();
    try (Peers peers = Peers.connect(server, rank, table, patience)) {
      int[] order = Shards.localOrder(block.count(), rank, plan.epoch() - 1, Key.of(plan.shuffleSeed()));
      int steps = Shards.steps(plan.n(), k, plan.b());
      int b = plan.b();
      double pendingLoss = 0;
      double pendingCorrect = 0;
      for (int j = 0; j < steps; j++) {
        ctx.killTaskIfInterrupted();
        STEPS_BEGUN.incrementAndGet();
        long t0 = System.nanoTime();
        int[] rows = Arrays.copyOfRange(order, j * b, (j + 1) * b);
        ShardedStep.Local<S> local = step.gradient(p, state, block.x(rows), block.y(rows), seeds.fold(t).fold(rank).seed());
        long t1 = System.nanoTime();
        if (h == 1) {
          Exchanged<S> total = allReduce(peers, rank, local.gradient(), local.modelState(), r.modelState);
          long t2 = System.nanoTime();
          double loss = total.sum().loss() / k;
          if (!Double.isFinite(loss)) {
            stopped = nonFinite(loss, t);
            break;
          }
          ShardedStep.Updated<P, O> u = step.update(p, opt, total.sum());
          p = u.params();
          opt = u.optState();
          state = total.state();
          lossSum += loss * k * b;
          correct += total.sum().correct();
          nanos[1] += t2 - t1;
          nanos[2] += System.nanoTime() - t2;
        } else {
          ShardedStep.Updated<P, O> u = step.update(p, opt, local.gradient());
          p = u.params();
          opt = u.optState();
          state = local.modelState();
          pendingLoss += local.gradient().loss();
          pendingCorrect += local.gradient().correct();
          long t2 = System.nanoTime();
          nanos[2] += t2 - t1;
          if ((j + 1) % h == 0 || j == steps - 1) {
            List<Tensor> mine = new ArrayList<>(Trees.flatten(p).values());
            int np = mine.size();
            mine.addAll(Trees.flatten(opt).values());
            Exchanged<S> total = allReduce(peers, rank, new ShardGradient(pendingLoss, pendingCorrect, 1, mine), state,
                r.modelState);
            List<Tensor> mean = new ArrayList<>(mine.size());
            for (int i = 0; i < mine.size(); i++) {
              Tensor v = total.sum().grads().get(i);
              mean.add(v.dtype() == DType.INT32 ? mine.get(i) : v.div(k));
            }
            p = Leaves.ofTensors(mean.subList(0, np)).into("params", r.params);
            opt = Leaves.ofTensors(mean.subList(np, mean.size())).into("optimizer state", r.optState);
            state = total.state();
            if (!Double.isFinite(total.sum().loss())) {
              stopped = nonFinite(total.sum().loss(), t);
              break;
            }
            lossSum += total.sum().loss() * b;
            correct += total.sum().correct();
            pendingLoss = 0;
            pendingCorrect = 0;
            nanos[1] += System.nanoTime() - t2;
          }
        }
        t++;
        seen += (long) k * b;
        nanos[0] += t1 - t0;
      }
    }
    if (rank != 0) {
      return null;
    }
    return new Outcome(Leaves.of(p), Leaves.of(opt), Leaves.of(state), t, lossSum, correct, seen, stopped, nanos);
  }

  private String nonFinite(double loss, long step) {
    return "non-finite loss " + loss + " at epoch " + plan.epoch() + ", step " + step
        + ": training stopped (lower the learning rate or check the inputs)";
  }

  /** The tree's total and rank 0's model state, as every rank receives them. */
  private record Exchanged<T>(ShardGradient sum, T state) {}

  /**
   * Sums {@code mine} up the tree (children in order, then to the parent) and passes the total and
   * rank 0's model state back down, encoded once for all children: every rank returns the same bits.
   */
  private static <T> Exchanged<T> allReduce(Peers peers, int rank, ShardGradient mine, T modelState, T template)
      throws IOException {
    ShardGradient sum = mine;
    for (Peers.Link c : peers.children()) {
      sum = sum.plus(Wire.read(c.in()));
    }
    T state;
    Leaves stateLeaves = null;
    if (rank > 0) {
      Wire.write(peers.parent().out(), sum);
      peers.parent().out().flush();
      sum = Wire.read(peers.parent().in());
      stateLeaves = Leaves.read(peers.parent().in());
      state = stateLeaves.into("model state", template);
    } else {
      state = modelState;
    }
    if (!peers.children().isEmpty()) {
      byte[] down = Wire.bytes(sum, stateLeaves != null ? stateLeaves : Leaves.of(modelState));
      for (Peers.Link c : peers.children()) {
        c.out().write(down);
        c.out().flush();
      }
    }
    return new Exchanged<>(sum, state);
  }

  private static String host() {
    return SparkEnv.get().blockManager().blockManagerId().host();
  }
}
