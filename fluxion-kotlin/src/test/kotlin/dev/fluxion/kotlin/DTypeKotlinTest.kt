package dev.fluxion.kotlin

import dev.fluxion.autodiff.ad.AD
import dev.fluxion.autodiff.expr.Expr
import dev.fluxion.autodiff.expr.Fx.variable
import dev.fluxion.autodiff.tensor.DType
import dev.fluxion.autodiff.tensor.Shape
import dev.fluxion.autodiff.tensor.Tensor
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class DTypeKotlinTest {
    private val x = variable("x", Shape.of(3), DType.FLOAT32)

    @Test
    fun `Kotlin literals adopt a float32 expression's dtype`() {
        val f: Expr = (2.0 * x * x + 1.0).sum()
        assertEquals(DType.FLOAT32, f.dtype())
        val at = Tensor.of(floatArrayOf(1f, 2f, 3f), 3)
        val (value, gradient) = AD.valueAndGrad(f, bindings("x" to at))
        assertEquals(DType.FLOAT32, value.dtype())
        assertEquals(Tensor.of(floatArrayOf(4f, 8f, 12f), 3), gradient.getValue("x"))
    }

    @Test
    fun `mixing dtypes is an error naming both, cast converts`() {
        val y = variable("y", 3)
        val e = assertThrows(IllegalArgumentException::class.java) { x + y }
        assertTrue(e.message!!.contains("float32") && e.message!!.contains("float64"), e.message)
        assertEquals(DType.FLOAT64, (x.cast(DType.FLOAT64) + y).dtype())
    }
}
