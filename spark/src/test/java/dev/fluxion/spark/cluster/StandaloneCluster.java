package dev.fluxion.spark.cluster;

import dev.fluxion.spark.SparkTrainer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: one {@code Master} JVM and N {@code
 * Worker} JVMs (1 core and 1 GiB each), started from this JVM's {@code java} and class path, on
 * free ports, with the REST submission server off.
 *
 * <p><b>How executors start.</b> A worker launches each executor JVM itself (Spark's {@code
 * ExecutorRunner} and {@code WorkerCommandBuilder}) as {@code $JAVA_HOME/bin/java -cp
 * <spark.executor.extraClassPath>:$SPARK_HOME/conf:$SPARK_HOME/jars/* ...
 * CoarseGrainedExecutorBackend}. So every worker is given
 *
 * <ul>
 *   <li>{@code SPARK_HOME}: a directory of this run whose {@code jars/} links the Spark and Scala
 *       jars of the class path; without a {@code jars/} directory the launcher refuses to start
 *       an executor ("Library directory ... does not exist");
 *   <li>{@code SPARK_SCALA_VERSION=2.13}: without it the launcher looks for a Spark source build
 *       ({@code launcher/target/scala-2.13}) under {@code SPARK_HOME};
 *   <li>{@code JAVA_HOME}: this JVM's {@code java.home}, so that an inherited {@code JAVA_HOME}
 *       (Maven's JDK, say) does not start the executors on another JDK;
 * </ul>
 *
 * and {@link #conf} sets {@code spark.executor.extraClassPath} to this JVM's class path (the
 * same file system), which the launcher puts first: test classes, their lambdas and the
 * project's modules resolve in the executors. {@code spark.executor.extraJavaOptions} carries
 * the {@code --add-opens} flags, {@code --add-modules jdk.incubator.vector} and the quiet log
 * configuration; the SparkContext prepends Spark's own list of JVM module options to it too.
 *
 * <p><b>Faults.</b> {@link #killOneExecutor} kills an executor JVM with SIGKILL. Its worker
 * reports the exit (code 137) to the master, which removes the executor, counts one retry for the
 * application ({@code spark.deploy.maxExecutorRetries}, 10 by default; the application is removed
 * only past that and with no executor left running) and schedules again: the freed core of the
 * same worker gets a replacement executor with a new id. The driver fails the tasks that ran on
 * the lost executor ({@code ExecutorLostFailure}, counted towards {@code spark.task.maxFailures},
 * 4 by default) and runs them again on any free executor. {@link #killWorker} kills a worker with
 * its executors, like a lost machine: the master drops the worker once its connection closes, and
 * nothing is launched on it again.
 *
 * <p><b>Output.</b> Each run has a directory {@code target/standalone-cluster/<timestamp>-<n>/}
 * holding {@code master.log}, {@code worker-<i>.log} (stdout and stderr of each JVM) and each
 * worker's work directory {@code worker-<i>/}, where the executors' {@code stdout} and {@code
 * stderr} land. Every JVM logs warnings and errors only: it is given the test resource {@code
 * log4j2-test.properties} as {@code -Dlog4j2.configurationFile}. Failures report the tail of
 * these files.
 *
 * <p>{@link #close} kills every process of the cluster and waits for it. A shutdown hook does
 * the same should the test JVM exit without closing; a test JVM killed with SIGKILL leaves the
 * cluster running.
 */
public final class StandaloneCluster implements AutoCloseable {

  /** The address every process of the cluster binds to. */
  public static final String HOST = "127.0.0.1";

  /** The Scala version of the Spark jars on the class path. */
  private static final String SCALA_VERSION = "2.13";

  /**
   * JVM options for short-lived JVMs on a small machine: the serial collector and the C1 compiler
   * only, which start a Spark JVM in about half the CPU time.
   */
  private static final List<String> QUICK_START =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private static final String EXECUTOR_MAIN =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 40;
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path directory;
  private final Path javaHome;
  private final String classPath;
  private final Path logConfig;
  private final int masterPort;
  private final int masterUiPort;
  /** The master and the workers, in the order started, each with its name in messages. */
  private final SequencedMap<Process, String> processes = new LinkedHashMap<>();
  private final List<Process> workers = new ArrayList<>();
  private final Set<Process> killed = ConcurrentHashMap.newKeySet();
  private final Thread shutdownHook = new Thread(this::destroyAll, "standalone-cluster-shutdown");

  private StandaloneCluster(Path directory) throws IOException {
    this.directory = directory;
    this.javaHome = Path.of(System.getProperty("java.home"));
    this.classPath = System.getProperty("java.class.path");
    this.logConfig = logConfig();
    this.masterPort = freePort();
    this.masterUiPort = freePort();
  }

  /**
   * Starts a master and {@code workers} workers, without waiting for them: call {@link
   * #waitUntilReady} next.
   *
   * @param workers the number of workers, at least 1
   * @return the running cluster, to be closed by the caller
   * @throws IOException if the run directory cannot be made or a process cannot be started (the
   *     processes started so far are killed)
   * @throws IllegalStateException if this JVM has no {@code java} executable or the log
   *     configuration is not on the class path
   */
  public static StandaloneCluster start(int workers) throws IOException {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    if (!Files.isExecutable(javaExecutable())) {
      throw new IllegalStateException("No java executable at " + javaExecutable());
    }
    StandaloneCluster cluster = new StandaloneCluster(newRunDirectory());
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.makeSparkHome();
      cluster.startMaster();
      for (int i = 0; i < workers; i++) {
        cluster.startWorker(i);
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      try {
        cluster.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * The {@code java} executable of this JVM, which runs every process of the cluster.
   *
   * @return {@code $java.home/bin/java}
   */
  public static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * The master's URL.
   *
   * @return {@code spark://127.0.0.1:<port>}
   */
  public String masterUrl() {
    return "spark://" + HOST + ":" + masterPort;
  }

  /**
   * The directory of this run, with every process's output.
   *
   * @return a directory under {@code target/standalone-cluster/}
   */
  public Path directory() {
    return directory;
  }

  /**
   * The number of workers started.
   *
   * @return the {@code workers} given to {@link #start}
   */
  public int workerCount() {
    return workers.size();
  }

  /**
   * A configuration for an application on this cluster: the master, driver and executors bound
   * to 127.0.0.1, no driver UI, one executor of 1 core and 512 MiB per worker, the executors
   * given this JVM's class path and the JVM options Spark needs.
   *
   * @param appName the application's name
   * @return a new configuration, which the caller may change further
   */
  public SparkConf conf(String appName) {
    List<String> executorOptions = new ArrayList<>(moduleOptions());
    executorOptions.addAll(QUICK_START);
    executorOptions.add(quoted(logConfigOption()));
    return new SparkConf()
        .setMaster(masterUrl())
        .setAppName(appName)
        .set("spark.driver.host", HOST)
        .set("spark.driver.bindAddress", HOST)
        .set("spark.ui.enabled", "false")
        .set("spark.cores.max", Integer.toString(workers.size()))
        .set("spark.executor.cores", "1")
        .set("spark.executor.memory", "512m")
        .set("spark.executor.extraClassPath", classPath)
        .set("spark.executor.extraJavaOptions", String.join(" ", executorOptions));
  }

  /**
   * Waits until the master reports every worker alive (its JSON status page).
   *
   * @param timeout how long to wait
   * @throws IllegalStateException if the time runs out, or the master or a worker exits; the
   *     message holds the tail of every log
   */
  public void waitUntilReady(Duration timeout) {
    waitFor(
        workers.size() + " alive workers at " + masterUrl(),
        timeout,
        () -> aliveWorkers() == workers.size());
  }

  /**
   * Waits until the application of {@code sc} has exactly {@code count} executors registered.
   *
   * @param sc a context on this cluster
   * @param count the number of executors, not counting the driver
   * @param timeout how long to wait
   * @throws IllegalStateException if the time runs out, the context stops (as it does when the
   *     master removes an application whose executors keep failing to start), or the master or a
   *     worker exits (other than by {@link #killWorker}); the message holds the tail of every log
   */
  public void waitForExecutors(JavaSparkContext sc, int count, Duration timeout) {
    String what = count + " executors for application " + sc.sc().applicationId();
    waitFor(
        what,
        timeout,
        () -> {
          if (sc.sc().isStopped()) {
            throw failure("The SparkContext stopped while waiting for " + what);
          }
          return sc.sc().statusTracker().getExecutorInfos().length - 1 == count;
        });
  }

  /**
   * Waits until {@code condition} holds, polling it every 200 ms.
   *
   * @param what what is awaited, for the message
   * @param timeout how long to wait
   * @param condition the condition; an exception it throws ends the wait
   * @throws IllegalStateException if the time runs out, or the master or a worker exits (other
   *     than by {@link #killWorker}); the message holds the tail of every log
   */
  public void waitFor(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      processes.forEach(
          (process, name) -> {
            if (!process.isAlive() && !killed.contains(process)) {
              throw failure(
                  "The " + name + " exited with code " + process.exitValue()
                      + " while waiting for " + what);
            }
          });
      if (System.nanoTime() > deadline) {
        throw failure("Timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("Interrupted while waiting for " + what);
      }
    }
  }

  /**
   * The executor JVMs running now: the descendants of the live workers that run {@code
   * CoarseGrainedExecutorBackend}.
   *
   * @return the executors, ordered by worker
   */
  public List<ExecutorProcess> executors() {
    List<ExecutorProcess> executors = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      Process worker = workers.get(i);
      if (!worker.isAlive()) {
        continue;
      }
      int index = i;
      worker
          .descendants()
          .filter(ProcessHandle::isAlive)
          .flatMap(handle -> ExecutorProcess.of(index, handle).stream())
          .forEach(executors::add);
    }
    return executors;
  }

  /**
   * Kills one executor JVM with SIGKILL (the first of {@link #executors}) and waits until it has
   * exited. The master then launches a replacement on the same worker.
   *
   * @return the executor killed
   * @throws IllegalStateException if no executor is running, or it has not exited in 20 s
   */
  public ExecutorProcess killOneExecutor() {
    ExecutorProcess executor =
        executors().stream()
            .findFirst()
            .orElseThrow(() -> failure("No executor is running to kill"));
    ProcessHandle handle =
        ProcessHandle.of(executor.pid())
            .orElseThrow(() -> failure("Executor " + executor + " is gone already"));
    handle.destroyForcibly();
    awaitExit(List.of(handle));
    return executor;
  }

  /**
   * Kills worker {@code i} and its executors with SIGKILL, and waits until they have exited.
   *
   * @param i the worker's index, from 0
   * @throws IndexOutOfBoundsException if there is no such worker
   * @throws IllegalStateException if a process has not exited in 20 s
   */
  public void killWorker(int i) {
    Process worker = workers.get(i);
    killed.add(worker);
    awaitExit(killTree(worker.toHandle()));
  }

  /**
   * The last lines of every log of this run: master, workers and executors.
   *
   * @param lines how many lines of each file
   * @return the tails, each under its file's path
   */
  public String logTails(int lines) {
    StringBuilder tails = new StringBuilder();
    for (Path log : logFiles()) {
      tails.append("---- ").append(directory.relativize(log)).append(" (last ").append(lines);
      tails.append(" lines)\n");
      try {
        List<String> all =
            new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        all.subList(Math.max(0, all.size() - lines), all.size())
            .forEach(line -> tails.append(abbreviated(line)).append('\n'));
      } catch (IOException e) {
        tails.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return tails.toString();
  }

  /**
   * Kills every process of the cluster (workers with their executors, then the master) and
   * waits until all have exited.
   *
   * @throws IllegalStateException if a process has not exited in 20 s
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it does the same.
    }
    awaitExit(destroyAll());
  }

  /**
   * One executor JVM of the cluster.
   *
   * @param worker the index of the worker that launched it
   * @param pid its process id
   * @param executorId Spark's id of the executor, from its command line
   */
  public record ExecutorProcess(int worker, long pid, String executorId) {

    private static Optional<ExecutorProcess> of(int worker, ProcessHandle handle) {
      List<String> args = commandLine(handle);
      int id = args.indexOf("--executor-id");
      if (!args.contains(EXECUTOR_MAIN) || id < 0 || id + 1 >= args.size()) {
        return Optional.empty();
      }
      return Optional.of(new ExecutorProcess(worker, handle.pid(), args.get(id + 1)));
    }
  }

  /**
   * The command line of a process. On Linux {@link ProcessHandle.Info} reads only the first 4 KiB
   * of it, which an executor's class path fills: {@code /proc/<pid>/cmdline} has all of it.
   */
  private static List<String> commandLine(ProcessHandle handle) {
    Path procCmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
    if (!Files.isReadable(procCmdline)) {
      return handle.info().arguments().map(Arrays::asList).orElse(List.of());
    }
    try {
      String nulSeparated = new String(Files.readAllBytes(procCmdline), StandardCharsets.UTF_8);
      return List.of(nulSeparated.split("\0"));
    } catch (IOException exited) {
      return List.of();
    }
  }

  private void makeSparkHome() throws IOException {
    Path jars = Files.createDirectories(sparkHome().resolve("jars"));
    for (String entry : classPath.split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      String name = jar.getFileName().toString();
      boolean sparkOrScala =
          (name.startsWith("spark-") || name.startsWith("scala-")) && name.endsWith(".jar");
      Path link = jars.resolve(name);
      if (sparkOrScala && Files.isRegularFile(jar) && !Files.exists(link)) {
        Files.createSymbolicLink(link, jar.toAbsolutePath());
      }
    }
  }

  private void startMaster() throws IOException {
    List<String> command = daemonCommand("org.apache.spark.deploy.master.Master");
    command.add(1, "-Dspark.master.rest.enabled=false");
    command.addAll(
        List.of(
            "--host", HOST,
            "--port", Integer.toString(masterPort),
            "--webui-port", Integer.toString(masterUiPort)));
    processes.put(launch(command, directory.resolve("master.log")), "master");
  }

  private void startWorker(int i) throws IOException {
    Path workDir = Files.createDirectories(directory.resolve("worker-" + i));
    List<String> command = daemonCommand("org.apache.spark.deploy.worker.Worker");
    command.addAll(
        List.of(
            "--host", HOST,
            "--port", "0",
            "--webui-port", "0",
            "--cores", "1",
            "--memory", "1g",
            "--work-dir", workDir.toString(),
            masterUrl()));
    Process worker = launch(command, directory.resolve("worker-" + i + ".log"));
    processes.put(worker, "worker " + i);
    workers.add(worker);
  }

  private List<String> daemonCommand(String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.add("-Xmx512m");
    command.addAll(QUICK_START);
    command.addAll(moduleOptions());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add(logConfigOption());
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    return command;
  }

  private Process launch(List<String> command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            name ->
                name.startsWith("SPARK_")
                    || name.equals("HADOOP_CONF_DIR")
                    || name.equals("YARN_CONF_DIR"));
    env.put("SPARK_HOME", sparkHome().toString());
    env.put("SPARK_SCALA_VERSION", SCALA_VERSION);
    env.put("SPARK_LOCAL_IP", HOST);
    env.put("JAVA_HOME", javaHome.toString());
    return builder.start();
  }

  private Path sparkHome() {
    return directory.resolve("spark-home");
  }

  /** The JVM options training needs on every Spark JVM: {@link SparkTrainer#JAVA_OPTIONS}. */
  private static List<String> moduleOptions() {
    return List.of(SparkTrainer.JAVA_OPTIONS.replace("--add-modules ", "--add-modules=").split(" "));
  }

  private String logConfigOption() {
    return "-Dlog4j2.configurationFile=" + logConfig;
  }

  /** {@code option} as one word of a Spark option string, which Spark splits at white space. */
  private static String quoted(String option) {
    return option.chars().anyMatch(Character::isWhitespace) ? "\"" + option + "\"" : option;
  }

  /**
   * The number of alive workers that the master reports on its JSON status page.
   *
   * @return the count, or 0 while the master's web UI does not answer
   */
  public int aliveWorkers() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterUiPort + "/json/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      Matcher alive = ALIVE_WORKERS.matcher(response.body());
      return response.statusCode() == 200 && alive.find() ? Integer.parseInt(alive.group(1)) : 0;
    } catch (IOException notUpYet) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("Interrupted while asking the master for its workers");
    }
  }

  private IllegalStateException failure(String message) {
    return new IllegalStateException(
        message + "\nCluster directory: " + directory + "\n" + logTails(LOG_TAIL_LINES));
  }

  /** {@code line} cut to 500 characters: an executor's log starts with its whole class path. */
  private static String abbreviated(String line) {
    return line.length() <= 500
        ? line
        : line.substring(0, 500) + "... (" + line.length() + " chars)";
  }

  private List<Path> logFiles() {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".log") || name.equals("stdout") || name.equals("stderr");
              })
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every worker with its descendants, then the master; returns the handles killed. */
  private synchronized List<ProcessHandle> destroyAll() {
    List<ProcessHandle> killed = new ArrayList<>();
    for (Process process : processes.sequencedKeySet().reversed()) {
      killed.addAll(killTree(process.toHandle()));
    }
    return killed;
  }

  /**
   * Kills {@code root} and then its descendants; returns them all. The descendants are listed
   * first, as they are no longer {@code root}'s once it is dead, and {@code root} is killed first
   * so that it launches no more.
   */
  private static List<ProcessHandle> killTree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    tree.addAll(root.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    return tree;
  }

  private void awaitExit(List<ProcessHandle> handles) {
    long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    for (ProcessHandle handle : handles) {
      try {
        handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        throw failure("Process " + handle.pid() + " has not exited");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("Interrupted while waiting for process " + handle.pid() + " to exit");
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private static Path logConfig() {
    try {
      var resource = StandaloneCluster.class.getResource("/log4j2-test.properties");
      if (resource == null || !"file".equals(resource.getProtocol())) {
        throw new IllegalStateException(
            "log4j2-test.properties is not a file on the class path: " + resource);
      }
      return Path.of(resource.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new directory {@code target/standalone-cluster/<timestamp>-<n>} next to test-classes. */
  private static Path newRunDirectory() throws IOException {
    Path target;
    try {
      Path classes =
          Path.of(
              StandaloneCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      target = Files.isDirectory(classes) ? classes.getParent() : Path.of("target");
    } catch (URISyntaxException e) {
      target = Path.of("target");
    }
    Path base = Files.createDirectories(target.resolve("standalone-cluster").toAbsolutePath());
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Files.createTempDirectory(base, stamp + "-");
  }
}
