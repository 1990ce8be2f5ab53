/** Parameter trees: records, Vavr and JDK collections with {@code Expr} leaves, walked generically. */
@NullMarked
package dev.fluxion.nn.tree;

import org.jspecify.annotations.NullMarked;
