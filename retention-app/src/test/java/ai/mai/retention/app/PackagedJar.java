package ai.mai.retention.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar ({@code retention-app/target/retention-app.jar}) run as a real child process, as
 * operators, cron and Docker run it: its own JVM, signals, exit code and streams.
 */
final class PackagedJar {

  /** Settings the test machine's environment must not leak into a child. */
  private static final List<String> SETTING_PREFIXES =
      List.of("RETENTION_", "CLEANUP_", "DATABASE_URL", "DATA_DIR", "LOG_LEVEL");

  private PackagedJar() {}

  /** Failsafe passes the jar's path; it is built in the package phase, before these tests. */
  static Path jar() {
    Path jar =
        Path.of(System.getProperty("retention.jar", "target/retention-app.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the packaged jar "
              + jar
              + " is missing: these tests run in the integration-test phase (mvn verify)");
    }
    return jar;
  }

  static Started start(Path workingDirectory, Map<String, String> environment, String... args) {
    return start(workingDirectory, environment, List.of(), args);
  }

  /**
   * @param jvmOptions options before {@code -jar}, e.g. a heap limit
   */
  static Started start(
      Path workingDirectory,
      Map<String, String> environment,
      List<String> jvmOptions,
      String... args) {
    return startWrapped(List.of(), workingDirectory, environment, jvmOptions, args);
  }

  /**
   * @param wrapper a command that runs the JVM command line it is given, e.g. in another mount
   *     namespace
   */
  static Started startWrapped(
      List<String> wrapper,
      Path workingDirectory,
      Map<String, String> environment,
      List<String> jvmOptions,
      String... args) {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(name -> SETTING_PREFIXES.stream().anyMatch(name::startsWith));
    builder.environment().putAll(environment);
    try {
      return new Started(builder.start(), String.join(" ", args));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs to the end (at most a minute). */
  static Finished run(Path workingDirectory, Map<String, String> environment, String... args) {
    try (Started started = start(workingDirectory, environment, args)) {
      return started.await(Duration.ofMinutes(1));
    }
  }

  /** A running child; closing it kills what is left of it. */
  static final class Started implements AutoCloseable {
    final Process process;
    final String args;
    final long startedNanos = System.nanoTime();
    final Lines out;
    final Lines err;

    Started(Process process, String args) {
      this.process = process;
      this.args = args;
      this.out = new Lines(process.getInputStream(), "out");
      this.err = new Lines(process.getErrorStream(), "err");
    }

    /**
     * SIGTERM, as {@code docker stop} and {@code kill} send it. Through the process handle: {@code
     * Process.destroy()} would also close the streams, losing what the child prints while it stops.
     */
    void sigterm() {
      process.toHandle().destroy();
    }

    /** SIGKILL: no shutdown hook, no journal, as a crash or the OOM killer. */
    void sigkill() {
      process.toHandle().destroyForcibly();
    }

    Finished await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError(
              "'" + args + "' still running after " + timeout + ":\n" + out.text() + err.text());
        }
        long exitedNanos = System.nanoTime();
        out.join();
        err.join();
        long lastOutput = Math.max(out.lastLineNanos(), err.lastLineNanos());
        return new Finished(
            process.exitValue(),
            out.text(),
            err.text(),
            Duration.ofNanos(exitedNanos - startedNanos),
            Duration.ofNanos(lastOutput == 0 ? 0 : Math.max(0, exitedNanos - lastOutput)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /**
   * How a child ended.
   *
   * @param wall from start to exit
   * @param afterLastOutput from its last line of output to its exit: how long it lingered
   */
  record Finished(int exitCode, String out, String err, Duration wall, Duration afterLastOutput) {
    @Override
    public String toString() {
      return "exit "
          + exitCode
          + " after "
          + wall.toMillis()
          + " ms ("
          + afterLastOutput.toMillis()
          + " ms after its last output)\n--- stdout\n"
          + out
          + "\n--- stderr\n"
          + err;
    }
  }

  /** A stream read line by line on its own thread, noting when the last line came. */
  static final class Lines {
    private final StringBuilder text = new StringBuilder();
    private final Thread reader;
    private volatile long lastLineNanos;

    Lines(InputStream stream, String name) {
      reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    synchronized (text) {
                      text.append(line).append('\n');
                    }
                    lastLineNanos = System.nanoTime();
                  }
                } catch (IOException closed) {
                  // the process ended
                }
              },
              "child-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    String text() {
      synchronized (text) {
        return text.toString();
      }
    }

    long lastLineNanos() {
      return lastLineNanos;
    }

    void join() throws InterruptedException {
      reader.join(5_000);
    }
  }
}
