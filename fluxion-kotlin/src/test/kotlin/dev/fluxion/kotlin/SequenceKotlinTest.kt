package dev.fluxion.kotlin

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.ad.Bindings
import dev.fluxion.autodiff.control.Custom
import dev.fluxion.autodiff.control.Loops
import dev.fluxion.autodiff.control.Scans
import dev.fluxion.autodiff.control.Step
import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx.abs
import dev.fluxion.autodiff.expr.Fx.constant
import dev.fluxion.autodiff.expr.Fx.exp
import dev.fluxion.autodiff.expr.Fx.log
import dev.fluxion.autodiff.expr.Fx.sigmoid
import dev.fluxion.autodiff.expr.Fx.stopGradient
import dev.fluxion.autodiff.expr.Fx.gather
import dev.fluxion.autodiff.expr.Fx.gt
import dev.fluxion.autodiff.expr.Fx.le
import dev.fluxion.autodiff.expr.Fx.scalar
import dev.fluxion.autodiff.expr.Fx.matmul
import dev.fluxion.autodiff.expr.Fx.tanh
import dev.fluxion.autodiff.expr.Fx.variable
import dev.fluxion.autodiff.expr.Var
import dev.fluxion.autodiff.tensor.DType
import dev.fluxion.autodiff.tensor.Key
import dev.fluxion.autodiff.tensor.Shape
import dev.fluxion.autodiff.tensor.Tensor
import dev.fluxion.nn.layer.Bidirectional
import dev.fluxion.nn.layer.Mode
import dev.fluxion.nn.layer.RecurrentParams
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Indices, gather, scan and while loops read naturally from Kotlin: int arrays, lambdas for the step, destructuring. */
class SequenceKotlinTest {
    @Test
    fun `an embedding lookup takes int32 ids from an IntArray`() {
        val table = variable("table", Shape.of(4, 2))
        val ids = Var("ids", Shape.of(3), DType.INT32)
        val f: Expr = gather(table, ids, 0).sum()
        val at = bindings("table" to Tensor.arange(8).reshape(4, 2), "ids" to Tensor.of(intArrayOf(3, 3, 0), 3))
        val (value, gradient) = AD.valueAndGrad(f, at)
        assertEquals(6.0 + 7 + 6 + 7 + 0 + 1, value.item())
        assertEquals(Tensor.of(doubleArrayOf(1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0, 2.0), 4, 2), gradient.getValue("table"))
        assertTrue("ids" !in gradient)
    }

    @Test
    fun `a scan's step is a Kotlin lambda and its results destructure`() {
        val w = variable("w", Shape.of(2, 2))
        val xs = variable("xs", Shape.of(5, 1, 2))
        val h0 = variable("h0", Shape.of(1, 2))
        val (last, all) = Scans.scan({ c, x -> Step.of(tanh(matmul(c[0], w) + x[0])) }, listOf<Expr>(h0), listOf<Expr>(xs))
        assertEquals(Shape.of(5, 1, 2), all.shape())
        val at = bindings(
            "w" to Tensor.normal(Key.of(1), Shape.of(2, 2), 0.0, 0.5),
            "xs" to Tensor.normal(Key.of(2), Shape.of(5, 1, 2), 0.0, 1.0),
            "h0" to Tensor.zeros(1, 2),
        )
        val g = AD.grad(last.sum(), at, "w")
        assertEquals(Shape.of(2, 2), g.shape())
        assertTrue(g.allFinite())
    }

    @Test
    fun `a while loop takes Kotlin lambdas and its carries destructure`() {
        val a = variable("a", Shape.scalar())
        val root = Loops.whileLoop({ v -> gt(abs(v[0] * v[0] - v[1]), scalar(1e-12)) }, { v -> (v[0] + v[1] / v[0]) * 0.5 }, a, a)
        assertEquals(Math.sqrt(2.0), AD.eval(root, bindings("a" to Tensor.scalar(2.0))).item(), 1e-15)
        val (x, n) = Loops.whileLoop({ v -> le(v[0], v[2]) }, { v -> listOf(v[0] * 2.0, v[1] + 1.0) }, listOf(a, scalar(0.0)),
            listOf(scalar(1000.0)))
        val at = bindings("a" to Tensor.scalar(1.0))
        assertEquals(1024.0, AD.eval(x, at).item())
        assertEquals(10.0, AD.eval(n, at).item())
        assertEquals(1024.0, AD.jacfwd(x, at, "a").item())
    }

    @Test
    fun `a bidirectional GRU has a parameter record per direction`() {
        val bi = Bidirectional.gru(3)
        val p: Bidirectional.Params<RecurrentParams> = bi.init(Key.of(1), Shape.of(5, 2))
        assertEquals(Shape.of(9, 2), p.backward().wIh().shape())
        val x = Tensor.normal(Key.of(2), Shape.of(4, 5, 2), 0.0, 1.0)
        val swapped = Bidirectional.Params(p.backward(), p.forward())
        val y = AD.eval(bi.forward(swapped, constant(x), Mode.eval()), Bindings.of())
        assertEquals(Shape.of(4, 5, 6), y.shape())
    }

    @Test
    fun `a custom rule is written with lambdas and called like a function`() {
        val softplus = Custom.customJvp("softplus", { x -> log(exp(x[0]) + 1.0) }, { x, t -> sigmoid(x[0]) * t[0] })
        val x = variable("x", Shape.of(2))
        val at = bindings("x" to Tensor.vector(0.5, 800.0))
        val g = AD.grad(softplus(x).sum(), at, "x")
        assertEquals(1.0, g.get(1))
        assertEquals(Tensor.vector(0.5, 800.0), AD.grad((x * stopGradient(x)).sum(), at, "x"))
    }
}
