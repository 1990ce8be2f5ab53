package dev.fluxion.nn.io;

import java.nio.file.Path;

/**
 * A checkpoint or safetensors file that cannot be read or does not fit its template: a
 * corrupt or truncated file, an invalid header, or a name or shape mismatch.
 *
 * <p>The message names the file and, where meaningful, the tensor and the byte offset.
 * An {@link IllegalArgumentException}, since the file is an argument that fails validation.
 */
public final class CheckpointException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  /**
   * An exception about {@code file}; the message is prefixed with the file name.
   *
   * @param file the file being read or written
   * @param message what is wrong, naming the tensor and byte offset where meaningful
   */
  public CheckpointException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  /** {@return the file the problem was found in} */
  public Path file() {
    return file;
  }
}
