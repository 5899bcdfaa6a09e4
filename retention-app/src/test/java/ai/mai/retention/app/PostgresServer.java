package ai.mai.retention.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 17 per test JVM (zonky's embedded binaries from Maven), with password
 * authentication for the application role, so that a wrong password really fails. The server's time
 * zone is not UTC, as on many hosted servers.
 */
final class PostgresServer {

  static final String USER = "mai_app";
  static final String PASSWORD = "pg-s3cret-Zq9";

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private PostgresServer() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setServerConfig("timezone", "Asia/Tokyo").start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
      requirePasswords();
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started)));
    }
    return server;
  }

  /** The superuser keeps trust (the harness); everyone else must give a password. */
  private static void requirePasswords() {
    String hbaFile =
        queryForString("postgres", "SELECT setting FROM pg_settings WHERE name = 'hba_file'");
    try {
      Files.writeString(
          Path.of(hbaFile),
          String.join(
              "\n",
              "local all postgres trust",
              "host all postgres 127.0.0.1/32 trust",
              "host all postgres ::1/128 trust",
              "local all all scram-sha-256",
              "host all all 127.0.0.1/32 scram-sha-256",
              "host all all ::1/128 scram-sha-256",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    execute(
        "postgres",
        "SET password_encryption = 'scram-sha-256'",
        "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'",
        "SELECT pg_reload_conf()");
  }

  static int port() {
    return server().getPort();
  }

  /** A fresh database owned by the application role; its name. */
  static String createDatabase() {
    String name = "retention_cli_" + DATABASES.incrementAndGet();
    execute("postgres", "CREATE DATABASE " + name + " OWNER " + USER);
    return name;
  }

  static String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  static void execute(String database, String... statements) {
    try (Connection connection = server().getDatabase("postgres", database).getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static String queryForString(String database, String sql) {
    List<String> values = strings(database, sql);
    return values.isEmpty() ? null : values.get(0);
  }

  static long queryForLong(String database, String sql) {
    return Long.parseLong(queryForString(database, sql));
  }

  static List<String> strings(String database, String sql) {
    List<String> values = new ArrayList<>();
    try (Connection connection = server().getDatabase("postgres", database).getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        values.add(result.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return values;
  }

  private static void close(EmbeddedPostgres started) {
    try {
      started.close();
    } catch (IOException ignored) {
      // The JVM is going away.
    }
  }
}
