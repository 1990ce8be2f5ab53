package dev.fluxion.spark;

import org.apache.spark.api.java.JavaSparkContext;

/** One embedded {@code local[2]} context for all test classes of a test JVM (Spark allows one per JVM), its
 * logs off: tests that provoke failures would print their stack traces. */
public final class SharedSpark {
  private static JavaSparkContext sc;

  private SharedSpark() {}

  /** {@return the running shared context, started if there is none} */
  public static synchronized JavaSparkContext get() {
    if (sc == null || sc.sc().isStopped()) {
      sc = SparkTrainer.local(2);
      sc.setLogLevel("OFF");
      Runtime.getRuntime().addShutdownHook(new Thread(sc::close));
    }
    return sc;
  }

  /** Stops the shared context, if it runs, so that a test may start another one (the next {@link #get} restarts it). */
  public static synchronized void stop() {
    if (sc != null) {
      sc.close();
      sc = null;
    }
  }
}
