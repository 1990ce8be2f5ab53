package dev.fluxion.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The page's files, read once from the class path ({@code dev/fluxion/playground/static/}) into
 * memory. Requests are looked up in a fixed map from URL path to file, so no request path ever
 * reaches the file system or the class loader: {@code /../x}, {@code /%2e%2e/x} and any other
 * path not in the map are simply not found.
 */
final class StaticFiles {
  private static final String ROOT = "/dev/fluxion/playground/static/";
  /** URL path to resource name. */
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html",
      "/style.css", "style.css",
      "/lab.js", "lab.js",
      "/trace.js", "trace.js",
      "/graph.js", "graph.js",
      "/tabs.js", "tabs.js",
      "/network.js", "network.js",
      "/netdraw.js", "netdraw.js",
      "/favicon.svg", "favicon.svg");

  /** A file's bytes and media type. */
  record File(byte[] bytes, String contentType) {}

  private final Map<String, File> files;

  private StaticFiles(Map<String, File> files) {
    this.files = files;
  }

  /**
   * {@return the files, loaded}
   *
   * @throws IllegalStateException if one is missing from the class path (a broken build)
   */
  static StaticFiles load() {
    Map<String, File> loaded = new java.util.HashMap<>();
    FILES.forEach((path, name) -> loaded.put(path, new File(read(name), contentType(name))));
    return new StaticFiles(Map.copyOf(loaded));
  }

  /** {@return the file served at the URL path {@code path}, if any} */
  Optional<File> get(String path) {
    return Optional.ofNullable(files.get(path));
  }

  private static byte[] read(String name) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("the playground's " + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> throw new IllegalStateException("no media type for " + name);
    };
  }
}
