/**
 * The Fluxion playground's web server: {@link dev.fluxion.playground.Playground} serves the page's
 * static files from the class path and the labs' JSON APIs on the JDK's own HTTP server.
 */
@NullMarked
package dev.fluxion.playground;

import org.jspecify.annotations.NullMarked;
