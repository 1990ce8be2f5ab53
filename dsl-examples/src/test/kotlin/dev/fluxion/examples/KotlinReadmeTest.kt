package dev.fluxion.examples

import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/** The README's Kotlin section quotes SurveyExample.kt and imports the extensions from fluxion-kotlin. */
class KotlinReadmeTest {
    private val readme = File("../README.md").readText()

    @Test
    fun `the README quotes the Kotlin example verbatim`() {
        val lines = File("src/main/kotlin/dev/fluxion/examples/SurveyExample.kt").readLines()
        val body = lines.subList(lines.indexOf("    // readme:start") + 1, lines.indexOf("    // readme:end"))
            .joinToString("\n") { it.removePrefix("    ") }
        assertTrue(readme.contains(body), "README.md must quote SurveyExample.kt")
    }

    @Test
    fun `should quote GradCheck inside kotest-property's checkAll verbatim`() {
        val lines = File("src/test/kotlin/dev/fluxion/examples/KotlinGradCheckProperties.kt").readLines()
        val start = lines.indexOfFirst { it.trim().startsWith("checkAll(") }
        val body = lines.subList(start, start + 3).joinToString("\n") { it.removePrefix("        ") }
        assertTrue(body.contains("GradCheck.assertCorrect"), body)
        assertTrue(readme.contains(body), "README.md must quote KotlinGradCheckProperties:\n$body")
    }

    @Test
    fun `should import the Kotlin extensions from the fluxion-kotlin module`() {
        assertTrue(readme.contains("import dev.fluxion.kotlin.*"), "README.md must import dev.fluxion.kotlin.*")
        assertFalse(readme.contains("import dev.fluxion.examples"), "README.md must not import the examples")
    }
}
