package dev.fluxion.examples.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written as UTF-8 text to a {@link PrintWriter} on every flush, so that APIs printing to a
 * {@link PrintStream} (the trainer's per-epoch lines) write to a command's output.
 */
final class WriterOutputStream extends OutputStream {
  private final PrintWriter out;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  private WriterOutputStream(PrintWriter out) {
    this.out = out;
  }

  /** An auto-flushing UTF-8 print stream over {@code out}. */
  static PrintStream printStream(PrintWriter out) {
    return new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) {
    pending.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    pending.write(b, off, len);
  }

  @Override
  public void flush() {
    out.write(pending.toString(StandardCharsets.UTF_8));
    pending.reset();
    out.flush();
  }

  @Override
  public void close() {
    flush();
  }
}
