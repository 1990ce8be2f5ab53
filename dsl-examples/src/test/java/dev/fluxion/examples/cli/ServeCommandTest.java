package dev.fluxion.examples.cli;

import static dev.fluxion.examples.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.examples.cli.CliRun.Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code fluxion serve}: one line with the address, serving until interrupted; bad options exit 2. */
class ServeCommandTest {
  private static final Pattern LINE = Pattern.compile("Fluxion playground: (http://127\\.0\\.0\\.1:(\\d+)/)\n");

  @Test
  void shouldPrintTheAddressAndServeUntilInterrupted() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    Thread serve = new Thread(() -> code.set(Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
        "serve", "--port", "0")));
    serve.start();
    Matcher m = LINE.matcher("");
    for (long deadline = System.nanoTime() + 20_000_000_000L; !m.reset(out.toString()).matches(); Thread.sleep(20)) {
      assertTrue(System.nanoTime() < deadline && serve.isAlive(), "no address line; out: " + out + ", err: " + err);
    }
    URI uri = URI.create(m.group(1));
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> page = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("Fluxion playground"), page.body());
    HttpResponse<String> api = client.send(HttpRequest.newBuilder(uri.resolve("api/formula"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"formula\": \"x^2\", \"point\": \"x=3\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(api.body().contains("\"gradient\":{\"x\":6.0}"), api.body());
    serve.interrupt();
    serve.join(10_000);
    assertEquals(0, code.get(), err.toString());
    assertEquals("", err.toString());
    assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.discarding()), "the port is closed after the interrupt");
  }

  @Test
  void shouldRefuseBadOptionsInOneLine() {
    for (String[] args : new String[][] {
        {"serve", "--port", "70000"}, {"serve", "--port", "-1"}, {"serve", "--port", "http"},
        {"serve", "--bogus"}, {"serve", "--host", ""}}) {
      Result r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("fluxion: "), r.err());
      assertEquals("", r.out());
    }
    assertTrue(run("serve", "--port", "70000").err().contains("port 70000 is outside 0 to 65535"));
  }

  @Test
  void shouldSayWhenThePortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result r = run("serve", "--port", Integer.toString(taken.getLocalPort()));
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith("fluxion: cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }
}
