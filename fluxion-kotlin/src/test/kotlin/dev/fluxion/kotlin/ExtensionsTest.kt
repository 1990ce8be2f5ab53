package dev.fluxion.kotlin

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.expr.Fx.variable
import dev.fluxion.autodiff.tensor.Tensor
import dev.fluxion.nn.data.Mnist
import dev.fluxion.nn.data.Synthetic
import dev.fluxion.nn.layer.Activation
import dev.fluxion.nn.layer.Dense
import dev.fluxion.nn.layer.Sequential
import dev.fluxion.nn.train.Trainer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Nested
import org.junit.jupiter.api.Test

/** Each extension in FluxionKt.kt, one at a time, against the Java call it stands for. */
class ExtensionsTest {
    private val x = variable("x")
    private val at = bindings("x" to 4.0)

    private fun value(f: dev.fluxion.autodiff.expr.Expr): Double = AD.eval(f, at).item()

    private fun slope(f: dev.fluxion.autodiff.expr.Expr): Double = AD.grad(f, at, "x").item()

    @Nested
    inner class NumbersOnTheLeft {
        @Test
        fun `should add subtract multiply and divide with the number first`() {
            assertEquals(6.5, value(2.5 + x), 0.0)
            assertEquals(-1.5, value(2.5 - x), 0.0)
            assertEquals(10.0, value(2.5 * x), 0.0)
            assertEquals(0.625, value(2.5 / x), 0.0)
        }

        @Test
        fun `should differentiate through the number-first operators`() {
            assertEquals(1.0, slope(2.5 + x), 0.0)
            assertEquals(-1.0, slope(2.5 - x), 0.0)
            assertEquals(2.5, slope(2.5 * x), 0.0)
            assertEquals(-2.5 / 16.0, slope(2.5 / x), 1e-15)
        }
    }

    @Nested
    inner class Pow {
        @Test
        fun `should raise to an integer power infix`() {
            assertEquals(64.0, value(x pow 3), 0.0)
            assertEquals(48.0, slope(x pow 3), 1e-12)
            assertEquals(value(x.pow(3.0)), value(x pow 3), 0.0)
        }
    }

    @Nested
    inner class BindingsFromPairs {
        @Test
        fun `should bind scalars from pairs`() {
            val b = bindings("x" to 2.0, "y" to -1.0)
            assertEquals(2.0, b.get("x").item(), 0.0)
            assertEquals(-1.0, b.get("y").item(), 0.0)
        }

        @Test
        fun `should bind tensors from pairs`() {
            val t = Tensor.vector(1.0, 2.0)
            assertSame(t, bindings("v" to t).get("v"))
        }
    }

    @Nested
    inner class Then {
        @Test
        fun `should compose layers into one flat Sequential`() {
            val a = Dense.of(4)
            val b = Activation.tanh()
            val c = Dense.of(2)
            assertEquals(Sequential.of(a, b, c), a then b then c)
            assertEquals(Sequential.of(a, b, c), a then (b then c))
        }
    }

    @Nested
    inner class Destructuring {
        @Test
        fun `should destructure a value and its gradient`() {
            val (value, gradient) = AD.valueAndGrad(x * x, at)
            assertEquals(16.0, value.item(), 0.0)
            assertEquals(8.0, gradient.getValue("x").item(), 0.0)
        }

        @Test
        fun `should destructure a value and its tangent`() {
            val (value, tangent) = AD.jvp(x * x, at, bindings("x" to 0.5))
            assertEquals(16.0, value.item(), 0.0)
            assertEquals(4.0, tangent.item(), 0.0)
        }

        @Test
        fun `should destructure an evaluation and a data split`() {
            val (loss, accuracy) = Trainer.Evaluation(0.25, 0.75)
            assertEquals(0.25, loss, 0.0)
            assertEquals(0.75, accuracy, 0.0)
            val train = Synthetic.xor()
            val test = Synthetic.xor()
            val (first, second) = Mnist.Data(train, test)
            assertSame(train, first)
            assertSame(test, second)
        }
    }
}
