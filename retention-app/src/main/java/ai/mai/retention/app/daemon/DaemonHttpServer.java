package ai.mai.retention.app.daemon;

import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.report.ReportJson;
import ai.mai.retention.embedded.FailureText;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health} (JSON, 200 or 503) and {@code /metrics} (Prometheus text) on the JDK's server,
 * hardened against slow clients: the JDK server reads a request's headers on a worker thread, so a
 * client that sends half a request holds that thread. Such a request is cut after {@link
 * #REQUEST_TIMEOUT}, a response nobody reads after {@link #RESPONSE_TIMEOUT}, and {@link #WORKERS}
 * threads serve the rest meanwhile (two half-sent requests used to take both former workers for 100
 * s and more).
 */
public final class DaemonHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DaemonHttpServer.class);

  /** Time from accepting a connection to having the whole request. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** Time to send a response (they are a few KB). */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

  /** Worker threads, started as needed and ended after a minute idle. */
  static final int WORKERS = 64;

  static {
    // Read once by the JDK server's configuration, in seconds; an operator's -D setting wins.
    setDefault("sun.net.httpserver.maxReqTime", REQUEST_TIMEOUT.toSeconds());
    setDefault("sun.net.httpserver.maxRspTime", RESPONSE_TIMEOUT.toSeconds());
  }

  /** A response: status code, content type, body. */
  public record Response(int status, String contentType, String body) {}

  private final HttpServer server;
  private final ExecutorService workers;

  private DaemonHttpServer(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * @param bind the address to listen on ({@code RETENTION_HTTP_BIND})
   * @param port the port, 0 for any free one
   * @throws ConfigurationException when nothing can listen there (port taken, address not local)
   */
  public static DaemonHttpServer start(
      String bind, int port, Supplier<Response> health, Supplier<String> metrics) {
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName(bind), port);
    } catch (IOException e) {
      throw new ConfigurationException("--http-bind / RETENTION_HTTP_BIND: " + e.getMessage(), e);
    }
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            WORKERS, WORKERS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), daemonThreads());
    workers.allowCoreThreadTimeOut(true);
    try {
      HttpServer server = HttpServer.create(address, 64);
      server.createContext("/health", exchange -> respond(exchange, health));
      server.createContext(
          "/metrics",
          exchange ->
              respond(
                  exchange,
                  () ->
                      new Response(
                          200, "text/plain; version=0.0.4; charset=utf-8", metrics.get())));
      server.setExecutor(workers);
      server.start();
      LOG.info("serving /health and /metrics on {}", describe(server.getAddress()));
      return new DaemonHttpServer(server, workers);
    } catch (IOException e) {
      workers.shutdownNow();
      throw new ConfigurationException(
          "--http-port / RETENTION_HTTP_PORT: cannot listen on "
              + describe(address)
              + ": "
              + e.getMessage()
              + " (RETENTION_HTTP_PORT=0 turns the server off)",
          e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** host:port as listened on. */
  public String address() {
    return describe(server.getAddress());
  }

  private static String describe(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static void respond(HttpExchange exchange, Supplier<Response> handler)
      throws IOException {
    try {
      Response response;
      try {
        response = handler.get();
      } catch (RuntimeException e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "unhealthy");
        json.put("healthy", false);
        json.put("reason", FailureText.describe(e));
        response = new Response(503, "application/json", ReportJson.write(json) + "\n");
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.sendResponseHeaders(response.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "retention-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void setDefault(String property, long value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, String.valueOf(value));
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
