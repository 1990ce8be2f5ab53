/** The network lab: a small MLP trained on 2-D data step by step, and what the page draws of it. */
@NullMarked
package dev.fluxion.playground.network;

import org.jspecify.annotations.NullMarked;
