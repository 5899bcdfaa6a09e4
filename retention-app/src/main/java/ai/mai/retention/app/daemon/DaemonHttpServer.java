package ai.mai.retention.app.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health} (JSON, 200 or 503) and {@code /metrics} (Prometheus text) on the JDK's server.
 */
public final class DaemonHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DaemonHttpServer.class);

  /** A response: status code, content type, body. */
  public record Response(int status, String contentType, String body) {}

  private final HttpServer server;

  private DaemonHttpServer(HttpServer server) {
    this.server = server;
  }

  public static DaemonHttpServer start(
      int port, Supplier<Response> health, Supplier<String> metrics) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
      server.createContext("/health", exchange -> respond(exchange, health));
      server.createContext(
          "/metrics",
          exchange ->
              respond(
                  exchange,
                  () ->
                      new Response(
                          200, "text/plain; version=0.0.4; charset=utf-8", metrics.get())));
      server.setExecutor(Executors.newFixedThreadPool(2, daemonThreads()));
      server.start();
      LOG.info("serving /health and /metrics on port {}", server.getAddress().getPort());
      return new DaemonHttpServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, Supplier<Response> handler)
      throws IOException {
    Response response;
    try {
      response = handler.get();
    } catch (RuntimeException e) {
      response = new Response(503, "text/plain; charset=utf-8", "error: " + e.getMessage() + "\n");
    }
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "retention-http");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
