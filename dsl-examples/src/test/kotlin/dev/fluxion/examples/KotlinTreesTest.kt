package dev.fluxion.examples

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.ad.Bindings
import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx
import dev.fluxion.autodiff.expr.Fx.constant
import dev.fluxion.autodiff.expr.Fx.matmul
import dev.fluxion.autodiff.expr.Fx.square
import dev.fluxion.autodiff.expr.Fx.sum
import dev.fluxion.autodiff.expr.Fx.tanh
import dev.fluxion.autodiff.tensor.DType
import dev.fluxion.autodiff.tensor.Key
import dev.fluxion.autodiff.tensor.Shape
import dev.fluxion.autodiff.tensor.Tensor
import dev.fluxion.kotlin.*
import dev.fluxion.nn.data.DataLoader
import dev.fluxion.nn.data.Synthetic
import dev.fluxion.nn.layer.Mode
import dev.fluxion.nn.layer.Stateless
import dev.fluxion.nn.loss.Losses
import dev.fluxion.nn.optim.Optimizers
import dev.fluxion.nn.train.FitOptions
import dev.fluxion.nn.train.Loss
import dev.fluxion.nn.train.Trainer
import dev.fluxion.nn.tree.TreeCheck
import dev.fluxion.nn.tree.TreeGrad
import dev.fluxion.nn.tree.Trees
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Nested
import org.junit.jupiter.api.Test

/** A Kotlin data class (no `@JvmRecord`) as a parameter record, with static data beside the leaves. */
data class Affine(val w: Expr, val b: Expr, val activation: String = "tanh")

/** Nested data classes and a list. */
data class TwoLayers(val layers: List<Affine>, val dropout: Double)

/** A plain class holding an Expr: the walker cannot see inside, so it must refuse it. */
class Opaque(val w: Expr)

/** A layer in Kotlin whose parameters are a data class: `tanh(x w + b)`. */
class AffineLayer(private val units: Int) : Stateless<Affine> {
    override fun init(key: Key, inputShape: Shape): Affine {
        val w = Tensor.normal(key, Shape.of(inputShape.dim(0), units), 0.0, 0.5)
        return Affine(constant(w), constant(Tensor.zeros(units)))
    }

    override fun outputShape(inputShape: Shape): Shape = Shape.of(units)

    override fun forward(params: Affine, x: Expr, mode: Mode): Expr = tanh(matmul(x, params.w) + params.b)

    override fun describe(): String = "AffineLayer($units)"
}

class KotlinTreesTest {
    private val affine = Affine(constant(Tensor.of(doubleArrayOf(1.0, 2.0, 3.0, 4.0), 2, 2)), constant(Tensor.vector(0.5, -0.5)))
    private val x = Tensor.vector(0.3, -0.2)

    private fun loss(p: Affine): Expr = sum(square(tanh(matmul(constant(x), p.w) + p.b)))

    @Nested
    inner class DataClassesAreTrees {
        @Test
        fun `Trees show counts the parameters of a data class`() {
            assertEquals(6, Trees.count(affine))
            assertTrue(Trees.show(affine).endsWith("total 6 parameters"), Trees.show(affine))
            assertEquals(listOf("w", "b"), Trees.flatten(affine).paths())
            val nested = TwoLayers(listOf(affine, affine.copy(activation = "relu")), 0.1)
            assertEquals(listOf("layers.0.w", "layers.0.b", "layers.1.w", "layers.1.b"), Trees.flatten(nested).paths())
        }

        @Test
        fun `a data class flattens to leaves and a definition and back`() {
            val flat = Trees.flatten(affine)
            val zeros: Affine = flat.def().unflatten(flat.leaves().map { Fx.zeros(it.shape()) })
            assertEquals(affine.activation, zeros.activation)
            assertEquals(Tensor.zeros(2), Trees.value(zeros.b))
            assertEquals(flat.def(), Trees.structure(zeros))
            assertNotEquals(flat.def(), Trees.structure(affine.copy(activation = "relu")))
            val traced: Affine = flat.def().unflatten(flat.variables("p"))
            assertEquals("p.w", traced.w.toString())
        }

        @Test
        fun `mapping keeps the data class type and its static data`() {
            val doubled: TwoLayers = Trees.mapTensors(TwoLayers(listOf(affine.copy(activation = "relu")), 0.1)) { it.times(2.0) }
            assertEquals("relu", doubled.layers[0].activation)
            assertEquals(0.1, doubled.dropout)
            assertEquals(Tensor.vector(1.0, -1.0), Trees.value(doubled.layers[0].b))
        }

        @Test
        fun `TreeGrad gives the real gradient, not the parameters`() {
            val g: Affine = TreeGrad.grad(::loss, affine)
            val traced = Trees.trace(affine, "p.")
            var at = Bindings.of()
            for ((path, t) in Trees.tensors(affine)) {
                at = at.with("p.$path", t)
            }
            val expected = AD.grad(loss(traced), at)
            assertEquals(expected.getValue("p.w"), Trees.value(g.w))
            assertEquals(expected.getValue("p.b"), Trees.value(g.b))
            assertNotEquals(Trees.value(affine.w), Trees.value(g.w))
        }

        @Test
        fun `TreeCheck verifies a data class in one line`() {
            TreeCheck.assertCorrect(::loss, affine)
        }

        @Test
        fun `Trainer fit changes every leaf of a data class layer`() {
            val layer = AffineLayer(2)
            val params = layer.init(Key.of(1), Shape.of(2))
            val crossEntropy = Loss { logits, labels -> Losses.softmaxCrossEntropy(logits, labels) }
            val (state, _) = Trainer.of(layer, crossEntropy, Optimizers.sgd(0.5))
                .fit(params, DataLoader.of(Synthetic.xor(), 4), FitOptions.epochs(5).withQuiet(true))
            val trained: Affine = state.params
            for ((path, before) in Trees.tensors(params)) {
                assertFalse(before == Trees.tensors(trained).getValue(path), "leaf $path was not trained")
            }
        }

        @Test
        fun `a Kotlin data class layer trains in float32 and stays float32`() {
            val layer = AffineLayer(2)
            val params = layer.init(Key.of(1), Shape.of(2), DType.FLOAT32)
            val crossEntropy = Loss { logits, labels -> Losses.softmaxCrossEntropy(logits, labels) }
            val (state, history) = Trainer.of(layer, crossEntropy, Optimizers.adam(0.05))
                .fit(params, DataLoader.of(Synthetic.xor().cast(DType.FLOAT32), 4), FitOptions.epochs(50).withQuiet(true))
            val trained: Affine = state.params
            assertEquals(DType.FLOAT32, trained.w.dtype())
            assertEquals(DType.FLOAT32, trained.b.dtype())
            assertTrue(history.epochs.last().trainLoss < history.epochs.first().trainLoss, "loss did not decrease: $history")
        }
    }

    @Test
    fun `a plain class holding an Expr is an error naming class, field and fix`() {
        val e = assertThrows(IllegalArgumentException::class.java) { Trees.count(listOf(Opaque(affine.w))) }
        assertTrue(e.message!!.contains("Opaque") && e.message!!.contains("field Opaque.w")
            && e.message!!.contains("Kotlin data class"), e.message)
    }
}
