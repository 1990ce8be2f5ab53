package dev.fluxion.examples

import dev.fluxion.examples.cli.Main
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Nested
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.PrintWriter
import java.io.StringWriter
import java.nio.file.Files
import java.nio.file.Path

/** The Kotlin examples run as `./fluxion example NAME` and end with their summary line. */
class KotlinExamplesTest {
    @TempDir
    lateinit var dir: Path

    /** Exit code, standard output, standard error. */
    private data class Run(val code: Int, val out: String, val err: String) {
        val summary: Map<String, String>
            get() = out.lines().last { it.isNotBlank() }.split(" ").associate {
                it.substringBefore("=") to it.substringAfter("=")
            }
    }

    private fun run(vararg args: String): Run {
        val out = StringWriter()
        val err = StringWriter()
        val code = Main.run(PrintWriter(out, true), PrintWriter(err, true), *args)
        return Run(code, out.toString(), err.toString())
    }

    @Nested
    inner class Spirals {
        @Test
        fun `should learn the spirals`() {
            val r = run("example", "kotlin-spirals", "--epochs", "60", "--out", dir.toString())
            assertEquals(0, r.code, r.err)
            assertEquals(listOf("accuracy", "loss", "epochs", "dtype", "seconds"), r.summary.keys.toList())
            assertEquals("float32", r.summary["dtype"], "the default dtype of the training examples")
            assertTrue(r.summary.getValue("accuracy").toDouble() > 0.9, r.out)
        }

        @Test
        fun `should reject zero epochs with exit code 2`() {
            val (code, _, err) = run("example", "kotlin-spirals", "--epochs", "0")
            assertEquals(2, code)
            assertTrue(err.contains("--epochs must be >= 1"), err)
        }
    }

    @Nested
    inner class FashionMnist {
        private val data = Path.of(System.getProperty("fluxion.fashionMnist", "/usr/share/datasets/fashion-mnist"))

        @Test
        fun `should exit 2 with the install hint when the data is missing`() {
            val (code, out, err) = run("example", "kotlin-fashion-mnist", "--data", dir.resolve("none").toString())
            assertEquals(2, code, out)
            assertTrue(err.contains("apt-get install dataset-fashion-mnist"), err)
        }

        @Test
        fun `should exit 2 with the install hint when a file is missing`() {
            val (code, _, err) = run("example", "kotlin-fashion-mnist", "--data", dir.toString())
            assertEquals(2, code)
            assertTrue(err.contains("train-images") && err.contains("apt-get install dataset-fashion-mnist"), err)
        }

        @Test
        fun `should train on a slice of the real data`() {
            assumeTrue(Files.isDirectory(data), "SKIPPED: Fashion-MNIST is not installed at $data (apt-get install dataset-fashion-mnist)")
            val r = run("example", "kotlin-fashion-mnist", "--data", data.toString(), "--epochs", "1", "--limit", "2000",
                "--out", dir.toString())
            assertEquals(0, r.code, r.err)
            assertEquals("2000", r.summary["train_examples"], r.out)
            assertTrue(r.summary.getValue("test_accuracy").toDouble() > 0.5, r.out)
        }
    }
}
