/** Text views of expressions: teaching traces (Wengert lists) and other printers. */
@org.jspecify.annotations.NullMarked
package dev.fluxion.autodiff.text;
