package ai.mai.retention.adapter.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL 17 server per test JVM, started from Maven artifacts (zonky's binaries; as
 * root it runs the server through {@code unshare}), with a fresh database per test. Its time zone
 * is not UTC, and neither is the JVM's (surefire sets {@code user.timezone}), so dates and times
 * that depend on either show up as failures.
 */
final class EmbeddedPostgresServer {

  /** The server's {@code timezone}: what sessions see unless their client sets another. */
  static final String SERVER_TIME_ZONE = "America/Los_Angeles";

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private EmbeddedPostgresServer() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("timezone", SERVER_TIME_ZONE)
                .setServerConfig("log_timezone", SERVER_TIME_ZONE)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException ignored) {
                      // The JVM is going away; the data directory is temporary.
                    }
                  }));
    }
    return server;
  }

  /** A new, empty database (a copy of template1); its name. */
  static String createDatabase() {
    String name = "retention_test_" + DATABASES.incrementAndGet();
    admin("CREATE DATABASE " + name);
    return name;
  }

  /** Drops a test database, ending any session still connected to it. */
  static void dropDatabase(String name) {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** Connections to one database as the superuser; each getConnection opens a new session. */
  static DataSource dataSource(String database) {
    return server().getDatabase("postgres", database);
  }

  private static void admin(String sql) {
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
