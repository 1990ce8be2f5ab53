package dev.fluxion.examples

import dev.fluxion.autodiff.tensor.Key
import dev.fluxion.kotlin.fitOptions
import dev.fluxion.nn.data.Synthetic
import dev.fluxion.nn.layer.Activation
import dev.fluxion.nn.layer.Mlp
import dev.fluxion.nn.loss.Losses
import dev.fluxion.nn.optim.Optimizers
import dev.fluxion.nn.train.Trainer
import dev.fluxion.nn.tree.Trees
import dev.fluxion.spark.SparkExamples
import dev.fluxion.spark.SparkTrainer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** Data-parallel training on an embedded Spark from Kotlin: a Kotlin lambda is the serialisable trainer factory. */
class KotlinSparkTest {
    @Test
    fun `a Kotlin lambda factory trains on two workers as the one-process replay does`() {
        val data = Synthetic.blobs(120, 3, 1.5, Key.of(4))
        val params = Mlp.of(Activation.relu(), 16, 3).init(Key.of(1), data.featureShape())
        SparkTrainer.local(2).use { sc ->
            val spark = SparkTrainer.of(sc) {
                Trainer.of(Mlp.of(Activation.relu(), 16, 3), Losses::softmaxCrossEntropy, Optimizers.adam(1e-2))
            }.withWorkers(2).withBatchSize(8)
            val options = fitOptions(epochs = 2, quiet = true)
            val distributed = spark.fit(params, SparkExamples.fromDataset(sc, data, 2), options)
            val replay = Trainer.of(Mlp.of(Activation.relu(), 16, 3), Losses::softmaxCrossEntropy, Optimizers.adam(1e-2))
                .fit(params, spark.replayLoader(data), fitOptions(epochs = 2, quiet = true, microBatches = 2))
            assertEquals(Trees.tensors(replay.params()), Trees.tensors(distributed.params()))
            assertEquals(2L * (120 / 8), distributed.state().step())
        }
    }
}
