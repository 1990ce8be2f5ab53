package dev.fluxion.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the command line in-process, as the tests of this package do. */
final class CliRun {
  private CliRun() {}

  /** A run's exit code and what it printed on stdout and stderr. */
  record Result(int code, String out, String err) {}

  /** {@return the result of {@code fluxion args...}} */
  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** {@return the result of {@code fluxion args...}} */
  static Result run(List<String> args) {
    return run(args.toArray(String[]::new));
  }
}
