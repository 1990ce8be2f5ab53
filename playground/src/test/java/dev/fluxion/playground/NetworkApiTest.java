package dev.fluxion.playground;

import static dev.fluxion.playground.Api.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.nn.io.JsonWriter;
import dev.fluxion.playground.Api.Reply;
import dev.fluxion.playground.network.NetworkSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.json.Json;

/** The Network lab's endpoints over HTTP: create, step, stream, pause, delete, and their errors. */
class NetworkApiTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  /** A network that trains fast: 20 points, no hidden layer. */
  private static final Map<String, String> TINY = Map.of("points", "20", "hidden", "", "batchSize", "20");
  private static Playground server;
  private static URI base;

  @BeforeAll
  static void start() throws IOException {
    server = Playground.start(Settings.defaults().withPort(0));
    base = server.uri();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** {@return the reply to {@code POST /api/network} with {@code form} as the flat JSON object} */
  static Reply create(URI base, Map<String, String> form) {
    JsonWriter w = JsonWriter.compact().beginObject();
    form.forEach((k, v) -> w.name(k).value(v));
    return Api.post(base, "api/network", w.endObject().toJson());
  }

  /** {@return the id of a new session, asserting it was created} */
  private static String session(Map<String, String> form) {
    Reply r = create(base, form);
    assertEquals(201, r.status(), r.body());
    return (String) r.json().get("id");
  }

  private static Reply step(String id, String steps) {
    return Api.post(base, "api/network/" + id + "/step", "{\"steps\": \"" + steps + "\"}");
  }

  /** An open event stream: its status and its lines as they arrive. */
  record Events(int status, Stream<String> lines, Iterator<String> it) implements AutoCloseable {
    Events(int status, Stream<String> lines) {
      this(status, lines, lines.iterator());
    }

    /** {@return the next {@code n} snapshots, fewer if the stream ends first (its end event is left to read)} */
    List<Map<String, Object>> next(int n) {
      List<Map<String, Object>> events = new ArrayList<>();
      while (events.size() < n && it.hasNext()) {
        String line = it.next();
        if (line.startsWith("event: ")) {
          break;
        }
        if (line.startsWith("data: ")) {
          events.add(new Json().toType(line.substring(6), Json.MAP_TYPE));
        }
      }
      return events;
    }

    /** {@return the remaining lines, until the server closes the stream} */
    List<String> rest() {
      List<String> rest = new ArrayList<>();
      it.forEachRemaining(rest::add);
      return rest;
    }

    @Override
    public void close() {
      lines.close();
    }
  }

  static Events events(URI base, String id, int every) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> r = CLIENT.send(HttpRequest.newBuilder(
        base.resolve("api/network/" + id + "/events?every=" + every)).build(), HttpResponse.BodyHandlers.ofLines());
    return new Events(r.statusCode(), r.body());
  }

  private static void assertError(Reply r, int status, String field, String text) {
    assertEquals(status, r.status(), r.body());
    assertEquals(field, r.json().get("field"), r.body());
    assertTrue(((String) r.json().get("error")).contains(text), r.body());
  }

  @Test
  void shouldCreateASessionWithEverythingThePageDraws() {
    Reply r = create(base, Map.of());
    assertEquals(201, r.status(), r.body());
    Map<String, Object> json = r.json();
    assertTrue(((String) json.get("id")).matches("[0-9a-f]{32}"), r.body());
    assertEquals(0L, json.get("step"));
    assertEquals(3000L, json.get("steps"));
    List<?> p = (List<?>) json.get("probabilities");
    assertEquals(NetworkSession.GRID * NetworkSession.GRID, p.size());
    for (Object v : p) {
      double d = ((Number) v).doubleValue();
      assertTrue(d >= 0 && d <= 1 && Math.abs(d * 1000 - Math.round(d * 1000)) < 1e-6, "rounded probability " + d);
    }
    assertEquals(600, ((List<?>) json.get("points")).size());
    assertEquals(300, ((List<?>) json.get("labels")).size());
    List<?> layers = (List<?>) json.get("layers");
    assertEquals(List.of(2L, 16L, 16L), layers.stream().map(l -> ((Map<?, ?>) l).get("in")).toList());
    assertEquals(256, ((List<?>) ((Map<?, ?>) layers.get(1)).get("dw")).size());
    assertTrue(r.body().length() < 40_000, "compact: " + r.body().length() + " characters");
  }

  @Test
  void shouldStepTheSessionAndKeepItsPlace() {
    String id = session(TINY);
    Reply r = step(id, "5");
    assertEquals(200, r.status(), r.body());
    assertEquals(5L, r.json().get("step"));
    assertNull(r.json().get("points"), "the points are sent once, on creation");
    assertEquals(6L, Api.post(base, "api/network/" + id + "/step", "{}").json().get("step"), "one step by default");
    assertEquals(6L, Api.get(base, "api/network/" + id).json().get("step"));
    assertError(step(id, "501"), 400, "steps", "outside 1 to 500");
    assertError(step(id, "0"), 400, "steps", "outside 1 to 500");
    assertError(step(id, "two"), 400, "steps", "outside 1 to 500");
  }

  @Test
  void shouldStreamChunksUntilTheRunEnds() throws Exception {
    String id = session(Map.of("points", "20", "hidden", "", "batchSize", "20", "steps", "30"));
    try (Events events = events(base, id, 10)) {
      assertEquals(200, events.status());
      List<Map<String, Object>> all = events.next(10);
      assertEquals(List.of(10L, 20L, 30L), all.stream().map(e -> e.get("step")).toList());
      assertEquals(true, all.getLast().get("done"));
      assertTrue(number(all.getLast(), "loss") < number(all.getFirst(), "loss"), "it learns");
      assertEquals(List.of("data: {\"reason\":\"done\"}", ""), events.rest());
    }
  }

  @Test
  void shouldStopAStreamWhenTheClientGoesAway() throws Exception {
    String id = session(Map.of("steps", "20000"));
    try (Events events = events(base, id, 5)) {
      List<Map<String, Object>> two = events.next(2);
      assertEquals(List.of(5L, 10L), two.stream().map(e -> e.get("step")).toList());
    }
    // The stream notices the closed connection at a write and lets go of the session.
    Reply r = step(id, "1");
    assertEquals(200, r.status(), r.body());
    long at = (long) r.json().get("step");
    Thread.sleep(300);
    assertEquals(at, Api.get(base, "api/network/" + id).json().get("step"), "no stream trains it any more");
  }

  @Test
  void shouldAllowOneStreamPerSessionAndPauseIt() throws Exception {
    String id = session(Map.of("steps", "20000"));
    try (Events first = events(base, id, 5)) {
      assertEquals(1, first.next(1).size());
      try (Events second = events(base, id, 5)) {
        assertEquals(409, second.status());
      }
      Reply paused = Api.post(base, "api/network/" + id + "/pause", "{}");
      assertEquals(200, paused.status(), paused.body());
      long at = (long) paused.json().get("step");
      List<String> rest = first.rest();
      assertEquals("event: end", rest.get(rest.size() - 3), String.join("\n", rest));
      assertEquals("data: {\"reason\":\"paused\"}", rest.get(rest.size() - 2));
      assertEquals(at + 1, step(id, "1").json().get("step"), "a step after the pause goes on from it");
    }
  }

  @Test
  void shouldRefuseAFifthStreamAndEndStreamsOfDeletedSessions() throws Exception {
    List<String> ids = new ArrayList<>();
    List<Events> open = new ArrayList<>();
    try {
      for (int i = 0; i < NetworkRoutes.STREAMS; i++) {
        ids.add(session(Map.of("points", "20", "hidden", "", "batchSize", "20", "steps", "20000")));
        open.add(events(base, ids.getLast(), 1));
        assertEquals(1, open.getLast().next(1).size());
      }
      String extra = session(TINY);
      try (Events refused = events(base, extra, 1)) {
        assertEquals(503, refused.status());
      }
      for (int i = 0; i < ids.size(); i++) {
        assertEquals(204, Api.request(base, "DELETE", "api/network/" + ids.get(i)).status());
        List<String> rest = open.get(i).rest();
        assertEquals("data: {\"reason\":\"deleted\"}", rest.get(rest.size() - 2));
      }
    } finally {
      open.forEach(Events::close);
    }
  }

  @Test
  void shouldForgetADeletedSession() {
    String id = session(TINY);
    assertEquals(204, Api.request(base, "DELETE", "api/network/" + id).status());
    for (Reply r : List.of(Api.get(base, "api/network/" + id), step(id, "1"),
        Api.request(base, "DELETE", "api/network/" + id), Api.get(base, "api/network/" + id + "/events"))) {
      assertError(r, 404, null, "no network session");
    }
    assertEquals(404, Api.get(base, "api/network/not-an-id").status());
    assertEquals(404, Api.get(base, "api/network/" + id + "/nope").status());
    assertEquals(405, Api.get(base, "api/network").status());
    assertEquals(405, Api.get(base, "api/network/" + id + "/step").status());
  }

  @Test
  void shouldNameTheFieldOfABadChoice() throws Exception {
    assertError(create(base, Map.of("points", "5000")), 400, "points", "points = 5000 is outside 20 to 1000");
    assertError(create(base, Map.of("hidden", "16,x")), 400, "hidden", "not a list of widths");
    assertError(create(base, Map.of("hidden", "8,8,8,8,8")), 400, "hidden", "at most 4 layers");
    assertError(create(base, Map.of("hidden", "64")), 400, "hidden", "widths 1 to 32");
    assertError(create(base, Map.of("learningRate", "fast")), 400, "learningRate", "not a number");
    assertError(create(base, Map.of("learningRate", "1e9")), 400, "learningRate", "outside (0, 10]");
    assertError(create(base, Map.of("dataset", "mnist")), 400, "dataset", "spirals, moons, circles or xor");
    assertError(create(base, Map.of("batchSize", "500")), 400, "batchSize", "1 to points (300)");
    assertError(create(base, Map.of("steps", "20001")), 400, "steps", "1 to 20000");
    assertError(create(base, Map.of("seed", "1.5")), 400, "seed", "not a whole number");
    assertError(Api.post(base, "api/network", "{\"layers\": \"2\"}"), 400, null, "unknown member \"layers\"");
    try (Events bad = events(base, session(TINY), 0)) {
      assertEquals(400, bad.status());
      assertTrue(bad.rest().getFirst().contains("\"field\":\"every\""));
    }
  }

  @Test
  void shouldDescribeTheLabInInfo() {
    Map<String, Object> network = Api.object(Api.get(base, "api/info").json(), "network");
    assertEquals("16,16", Api.object(network, "defaults").get("hidden"));
    assertEquals(32L, Api.object(network, "limits").get("sessions"));
  }
}
