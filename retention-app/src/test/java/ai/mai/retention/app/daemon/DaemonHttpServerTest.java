package ai.mai.retention.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.app.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP server against slow clients, with raw sockets that send half a request and wait. */
class DaemonHttpServerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static DaemonHttpServer server() {
    return DaemonHttpServer.start(
        "127.0.0.1",
        0,
        () -> new DaemonHttpServer.Response(200, "application/json", "{\"healthy\":true}\n"),
        () -> "retention_runs_total 1.0\n");
  }

  /** A connection that sends the request line and one header, then nothing. */
  private static Socket halfRequest(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    OutputStream out = socket.getOutputStream();
    out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(3))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void fortyHalfSentRequestsDoNotStarveHealthOrMetrics() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try (DaemonHttpServer server = server()) {
      for (int i = 0; i < 40; i++) {
        slow.add(halfRequest(server.port()));
      }
      Thread.sleep(300); // every one of them is on a worker by now

      long started = System.nanoTime();
      HttpResponse<String> health = get(server.port(), "/health");
      HttpResponse<String> metrics = get(server.port(), "/metrics");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("healthy");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("retention_runs_total");
      // Well under the request timeout: the half-sent requests did not hold the answers up.
      assertThat(took).isLessThan(DaemonHttpServer.REQUEST_TIMEOUT.minusSeconds(2));
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void aHalfSentRequestIsCutAfterTheRequestTimeout() throws Exception {
    try (DaemonHttpServer server = server();
        Socket socket = halfRequest(server.port())) {
      // The JDK server checks its request timer about once a second; the slack is for a loaded
      // machine. A server without the timeout keeps the request open for 100 s and more.
      socket.setSoTimeout(
          (int) DaemonHttpServer.REQUEST_TIMEOUT.plus(Duration.ofSeconds(20)).toMillis());
      long started = System.nanoTime();
      InputStream in = socket.getInputStream();

      int read;
      try {
        read = in.read();
      } catch (SocketTimeoutException stillOpen) {
        throw new AssertionError("the server kept the half-sent request open", stillOpen);
      } catch (IOException reset) {
        read = -1;
      }
      Duration open = Duration.ofNanos(System.nanoTime() - started);

      assertThat(read).as("closed without a response").isEqualTo(-1);
      assertThat(open)
          .isGreaterThanOrEqualTo(DaemonHttpServer.REQUEST_TIMEOUT.minusSeconds(1))
          .isLessThan(DaemonHttpServer.REQUEST_TIMEOUT.plusSeconds(12));
    }
  }

  @Test
  void itListensOnlyOnTheAddressItIsGiven() throws Exception {
    try (DaemonHttpServer server = server()) {
      assertThat(server.address()).startsWith("127.0.0.1:");
    }
  }

  @Test
  void aPortThatIsTakenIsAConfigurationErrorNamingTheSetting() {
    try (DaemonHttpServer first = server()) {
      assertThatThrownBy(
              () ->
                  DaemonHttpServer.start(
                      "127.0.0.1",
                      first.port(),
                      () -> new DaemonHttpServer.Response(200, "text/plain", ""),
                      () -> ""))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("RETENTION_HTTP_PORT")
          .hasMessageContaining(String.valueOf(first.port()));
    }
  }
}
