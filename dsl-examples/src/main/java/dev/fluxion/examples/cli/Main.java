package dev.fluxion.examples.cli;

import picocli.CommandLine;

/** Entry point of {@code ./fluxion}: exit 0 on success, 2 on bad input (one line on stderr). */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line on the standard streams and returns the exit code. */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the command line writing to {@code out} and {@code err}; returns the exit code. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new FluxionCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("fluxion: " + firstLine(ex.getMessage()));
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
          || ex instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("fluxion: " + oneLine(ex.getMessage()));
        return 2;
      }
      throw ex;
    });
    return cli.execute(FormulaArgs.rewrite(cli, args));
  }

  private static String firstLine(String s) {
    return s == null ? "error" : s.lines().findFirst().orElse(s);
  }

  /** Folds a multi-line message (e.g. a formula error with a caret) into one line. */
  private static String oneLine(String s) {
    if (s == null) {
      return "error";
    }
    return String.join(" | ", s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }
}
