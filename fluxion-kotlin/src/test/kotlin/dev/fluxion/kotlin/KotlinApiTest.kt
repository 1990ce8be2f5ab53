package dev.fluxion.kotlin

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.ad.Bindings
import dev.fluxion.autodiff.check.Options
import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx
import dev.fluxion.autodiff.expr.Fx.eigh
import dev.fluxion.autodiff.expr.Fx.matmul
import dev.fluxion.autodiff.expr.Fx.reshape
import dev.fluxion.autodiff.expr.Fx.solve
import dev.fluxion.autodiff.expr.Fx.sum
import dev.fluxion.autodiff.expr.Fx.transpose
import dev.fluxion.autodiff.expr.Fx.variable
import dev.fluxion.autodiff.tensor.Key
import dev.fluxion.autodiff.tensor.Shape
import dev.fluxion.autodiff.tensor.Tensor
import dev.fluxion.autodiff.control.Checkpoint
import dev.fluxion.autodiff.control.Cond
import dev.fluxion.autodiff.transform.Vmap
import dev.fluxion.nn.data.DataLoader
import dev.fluxion.nn.data.Synthetic
import dev.fluxion.nn.layer.Activation
import dev.fluxion.nn.layer.Dense
import dev.fluxion.nn.loss.Losses
import dev.fluxion.nn.optim.Optimizers
import dev.fluxion.nn.train.FitOptions
import dev.fluxion.nn.train.Loss
import dev.fluxion.nn.train.Trainer
import dev.fluxion.nn.tree.Trees
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class KotlinApiTest {
    private val x = variable("x")

    @Test
    fun `operators read as math`() {
        val f: Expr = 2.0 * x * x + 3.0 * x - 1.0 + (x pow 3) / 2.0 - -x
        val (value, gradient) = AD.valueAndGrad(f, bindings("x" to 2.0))
        assertEquals(2 * 4.0 + 6 - 1 + 4 + 2, value.item(), 1e-12)
        assertEquals(4 * 2.0 + 3 + 1.5 * 4 + 1, gradient.getValue("x").item(), 1e-12)
    }

    @Test
    fun `indexing and substitution use get and invoke`() {
        val v = variable("v", 3)
        val second: Expr = v[1]
        val atTwo = (x * x + variable("y"))(mapOf("x" to 2.0 - variable("y")))
        assertEquals(Shape.scalar(), second.shape())
        assertEquals(2.0, AD.eval(atTwo, bindings("y" to 1.0)).item(), 0.0)
        val t = Tensor.vector(1.0, 5.0, 9.0)
        assertEquals(5.0, AD.eval(second, bindings("v" to t)).item(), 0.0)
    }

    @Test
    fun `binary operators take expressions on both sides and unary minus negates`() {
        val y = variable("y")
        val f = (x + y) * (x - y) / (-y)
        val at = bindings("x" to 3.0, "y" to 2.0)
        assertEquals((3.0 + 2) * (3.0 - 2) / -2.0, AD.eval(f, at).item(), 1e-12)
        assertEquals(2 * 3.0 / -2.0, AD.grad(f, at, "x").item(), 1e-12)
    }

    @Test
    fun `tensors index with get`() {
        val t = Tensor.of(doubleArrayOf(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), 2, 3)
        assertEquals(6.0, t[1, 2], 0.0)
        assertEquals(2.0, AD.eval(variable("m", 2, 3)[0, 1], bindings("m" to t)).item(), 0.0)
    }

    @Test
    fun `records read as properties`() {
        val (value, tangent) = AD.jvp(x * x, bindings("x" to 3.0), bindings("x" to 1.0))
        assertEquals(9.0, value.item(), 0.0)
        assertEquals(6.0, tangent.item(), 0.0)
        assertEquals("x", x.name)
        assertEquals(0, x.shape.rank())
        val result = AD.valueAndGrad(x * x, bindings("x" to 3.0))
        assertEquals(9.0, result.value.item(), 0.0)
        assertEquals(6.0, result.gradient.getValue("x").item(), 0.0)
        val options = Options.defaults()
        assertEquals(1e-5, options.step, 0.0)
        assertEquals(Dense.of(4), Dense(4, true, null))
        assertEquals(4, Dense.of(4).units)
    }

    @Test
    fun `layers compose infix and results destructure`() {
        val model = Dense.of(4) then Activation.tanh() then Dense.of(2)
        assertEquals(3, model.layers.size)
        val data = Synthetic.xor()
        val params = model.init(Key.of(0), Shape.of(2))
        val crossEntropy = Loss { logits, labels -> Losses.softmaxCrossEntropy(logits, labels) }
        val (state, history) = Trainer.of(model, crossEntropy, Optimizers.adam(0.05))
            .fit(params, DataLoader.of(data, 4), FitOptions.epochs(3).withQuiet(true))
        assertEquals(3, history.epochs.size)
        val (loss, accuracy) = Trainer.evaluate(model, state.params, state.modelState, crossEntropy, data, 4)
        assertEquals(history.epochs.last().epoch, state.epoch)
        assertTrue(loss > 0 && accuracy in 0.0..1.0)
    }

    @Test
    fun `fit options read by name and validation is an option`() {
        val model = Dense.of(2)
        val data = Synthetic.xor()
        val params = model.init(Key.of(0), Shape.of(2))
        val trainer = Trainer.of(model, Losses::softmaxCrossEntropy, Optimizers.adam(0.05))
        val named = fitOptions(epochs = 3, seed = 4, validation = data, quiet = true)
        assertEquals(FitOptions.defaults().withEpochs(3).withSeed(4).withValidation(data).withQuiet(true), named)
        val (state, history) = trainer.fit(params, DataLoader.of(data, 4), named)
        val (loss, accuracy) = trainer.evaluate(state.params, state.modelState, data, 4)
        assertEquals(loss, history.epochs.last().validationLoss)
        assertEquals(accuracy, history.epochs.last().validationAccuracy)
        val java = trainer.fit(params, DataLoader.of(data, 4), FitOptions.epochs(3).withSeed(4).withQuiet(true))
        assertEquals(Trees.tensors(java.params()), Trees.tensors(state.params))
    }

    @Test
    fun `eigh destructures and stacks of matrices solve`() {
        val a = variable("a", 2, 3, 3)
        val (w, v) = eigh(a)
        val rebuilt = matmul(v * reshape(w, 2, 1, 3), transpose(v))
        val m = Tensor.of(DoubleArray(18) { (it * 7 % 5).toDouble() }, 2, 3, 3)
        val at = bindings("a" to m)
        val symmetric = m.plus(m.transpose()).times(0.5)
        assertTrue(AD.eval(rebuilt, at).allClose(symmetric, 1e-13, 1e-13))
        val x = solve(a + Fx.constant(Tensor.eye(3).times(10.0)), variable("b", 2, 3))
        val gradient = AD.grad(sum(x), bindings("a" to m, "b" to Tensor.ones(2, 3)), "b")
        assertEquals(Shape.of(2, 3), gradient.shape())
    }

    @Test
    fun `vmap takes lambdas and maps grad over a batch`() {
        val w = Tensor.of(doubleArrayOf(1.0, -2.0, 0.5), 3)
        val loss = { x: Expr -> sum(Fx.tanh(x * Fx.constant(w))) }
        val xs = Tensor.normal(Key.of(3), Shape.of(4, 3), 0.0, 1.0)
        val perExample = Vmap.vmap(AD.grad(loss)).apply(Fx.constant(xs))
        val got = AD.eval(perExample, Bindings.of())
        for (k in 0 until 4) {
            val one = AD.eval(AD.grad(loss).apply(Fx.constant(xs.reshape(4, 3).slice(intArrayOf(k, 0), intArrayOf(k + 1, 3),
                intArrayOf(1, 1)).reshape(3))), Bindings.of())
            for (i in 0 until 3) {
                assertEquals(one[i], got[k, i], 1e-14)
            }
        }
        val shared = Vmap.vmap({ a: List<Expr> -> listOf(sum(a[0] * a[1])) }, listOf(null, 0), 0)
        val (dots) = shared.apply(listOf(Fx.constant(w), Fx.constant(xs)))
        assertEquals(Shape.of(4), dots.shape())
    }

    @Test
    fun `checkpoint and cond take lambdas and differentiate like the plain function`() {
        val x = variable("x", 3)
        val at = bindings("x" to Tensor.of(doubleArrayOf(0.3, -1.2, 0.7), 3))
        val body = { a: List<Expr> -> sum(Fx.sin(a[0]) * Fx.exp(a[0])) }
        val remat = Checkpoint.checkpoint(body, x)
        assertEquals(AD.hessian(body(listOf(x)), at, "x"), AD.hessian(remat, at, "x"))
        val branch = Cond.cond(Fx.index(x, 0), { a -> sum(Fx.exp(a[0])) }, { a -> sum(a[0] * a[0]) }, x)
        assertEquals(AD.grad(sum(Fx.exp(x)), at, "x"), AD.grad(branch, at, "x"))
    }
}
