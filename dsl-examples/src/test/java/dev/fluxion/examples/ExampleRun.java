package dev.fluxion.examples;

import dev.fluxion.examples.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the command line in-process, as the example tests use it.
 *
 * @param code the exit code
 * @param out what was printed on standard output
 * @param err what was printed on standard error
 */
record ExampleRun(int code, String out, String err) {
  /** Runs {@code ./fluxion ARGS} through {@link Main#run(PrintWriter, PrintWriter, String...)}. */
  static ExampleRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new ExampleRun(code, out.toString(), err.toString());
  }

  /** The final {@code key=value} line as a map, in its order. */
  Map<String, String> summary() {
    List<String> lines = out.lines().toList();
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : lines.get(lines.size() - 1).split(" ")) {
      int eq = kv.indexOf('=');
      if (eq < 1) {
        throw new AssertionError("not a summary line: " + lines.get(lines.size() - 1));
      }
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }
}
