package dev.fluxion.examples.cli;

import dev.fluxion.playground.Playground;
import dev.fluxion.playground.Settings;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fluxion serve [--port N] [--host H]}: the autodiff playground in the browser. Prints one
 * line with the address and serves until interrupted (Ctrl-C, or an interrupt of the calling thread).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the autodiff playground (Formula lab) in the browser until interrupted.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "the port, 0 to 65535; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
      description = "the address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0: every interface)")
  String host = "127.0.0.1";

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Settings settings = Settings.defaults().withHost(host).withPort(port);
    Playground playground = Playground.start(settings);
    Thread hook = new Thread(playground::close, "fluxion-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().println("Fluxion playground: " + playground.uri());
    spec.commandLine().getOut().flush();
    if (!playground.isLocalOnly()) {
      spec.commandLine().getErr().println("fluxion: listening on " + host + ": other machines can reach the playground");
    }
    try {
      playground.awaitClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      playground.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down, running the hook.
      }
    }
    return 0;
  }
}
