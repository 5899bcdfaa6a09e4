package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.cli.ShutdownSignal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on a real PostgreSQL that is stopped and started again under it: it keeps running,
 * {@code /health} turns unhealthy within seconds and says why in JSON, the failed runs are counted
 * in {@code /metrics}, and the first tick after the server returns succeeds.
 */
class DaemonDatabaseOutageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path directory;

  @Test
  void theDaemonSurvivesItsDatabaseGoingAwayAndSucceedsOnTheFirstTickAfterItReturns()
      throws Exception {
    try (RestartablePostgres postgres = new RestartablePostgres(directory.resolve("pgdata"))) {
      postgres.execute(
          "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
              + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
              + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)",
          "INSERT INTO processed_generations VALUES ('keep', 'org-a', current_date,"
              + " extract(epoch from now())::bigint, 0.5, 10)");
      int port = freePort();
      ShutdownSignal shutdown = new ShutdownSignal();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> daemon =
          CompletableFuture.supplyAsync(
              () ->
                  RetentionApp.execute(
                      new String[] {
                        "run", "--cron", "*/2 * * * * ?", "--http-port", String.valueOf(port)
                      },
                      Map.of(
                          "RETENTION_DB_URL", postgres.jdbcUrl(), "RETENTION_DB_USER", "postgres"),
                      new PrintWriter(new StringWriter(), true),
                      new PrintWriter(err, true),
                      shutdown));
      try {
        awaitTrue(() -> status(port, "/health") == 200, Duration.ofSeconds(30), daemon, err);

        postgres.stop();
        Instant stopped = Instant.now();
        awaitTrue(() -> status(port, "/health") == 503, Duration.ofSeconds(15), daemon, err);
        Duration unhealthyAfter = Duration.between(stopped, Instant.now());

        long asked = System.nanoTime();
        HttpResponse<String> down = get(port, "/health");
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - asked);
        JsonNode body = JSON.readTree(down.body());
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(body.get("status").asText()).isEqualTo("unhealthy");
        assertThat(body.get("database").asText()).isEqualTo("unavailable");
        assertThat(body.get("reason").asText()).isNotBlank().doesNotContain("\n");
        assertThat(answeredIn)
            .as("answered while the database is away")
            .isLessThan(Duration.ofSeconds(5));
        assertThat(unhealthyAfter).isLessThan(Duration.ofSeconds(15));
        // Ticks keep firing and fail, on broken connections and then on refused ones: logged and
        // counted, and the daemon runs on; /health keeps answering at once.
        awaitTrue(() -> failedRuns(port) >= 3, Duration.ofSeconds(40), daemon, err);
        long again = System.nanoTime();
        assertThat(status(port, "/health")).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofSeconds(5));
        assertThat(daemon).isNotDone();

        postgres.start();
        long restarted = Instant.now().getEpochSecond();
        awaitTrue(
            () ->
                postgres.queryForLong(
                        "SELECT count(*) FROM processed_generation_cleanup_log"
                            + " WHERE status = 'succeeded' AND created_at >= "
                            + restarted)
                    >= 1,
            Duration.ofSeconds(30),
            daemon,
            err);
        awaitTrue(() -> status(port, "/health") == 200, Duration.ofSeconds(15), daemon, err);
      } finally {
        shutdown.raise();
        assertThat(daemon.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
      }
      assertThat(err.toString()).doesNotContain("\tat ");
    }
  }

  private static int status(int port, String path) {
    try {
      return get(port, path).statusCode();
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  private static double failedRuns(int port) {
    return body(port, "/metrics")
        .lines()
        .filter(line -> line.startsWith("retention_runs_total{outcome=\"failed\"}"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String body(int port, String path) {
    try {
      return get(port, path).body();
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitTrue(
      BooleanSupplier condition,
      Duration timeout,
      CompletableFuture<Integer> daemon,
      StringWriter err)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (daemon.isDone()) {
        throw new AssertionError("the daemon ended:\n" + err);
      }
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // the server is starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("condition not met within " + timeout + ":\n" + err);
  }
}
