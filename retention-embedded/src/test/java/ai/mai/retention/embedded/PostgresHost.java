package ai.mai.retention.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A fresh database on one real PostgreSQL 17 per test JVM (zonky's binaries from Maven). The
 * server's time zone is not UTC.
 */
final class PostgresHost extends HostDatabase {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private final String name;

  PostgresHost() {
    this.name = "host_" + DATABASES.incrementAndGet();
    admin("CREATE DATABASE " + name);
  }

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setServerConfig("timezone", "Asia/Tokyo").start();
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
                      // The JVM is going away.
                    }
                  }));
    }
    return server;
  }

  @Override
  DataSource admin() {
    return server().getDatabase("postgres", name);
  }

  @Override
  Database database() {
    return Database.POSTGRESQL;
  }

  @Override
  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name + "?user=postgres";
  }

  /** A URL for another role (password authentication is off on this test server). */
  String jdbcUrl(String role) {
    return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name + "?user=" + role;
  }

  private static void admin(String sql) {
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    super.close();
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
