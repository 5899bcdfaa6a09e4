package ai.mai.retention.embedded;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A host's database with mAI's {@code processed_generations}, and pools on it as a host would make
 * them (HikariCP). Its rows are the same on both databases: see {@link #seed()}.
 */
abstract class HostDatabase implements AutoCloseable {

  /** "Now" for every test: cutoffs and journal times are computed from it. */
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Rows {@link #seed()} writes, and how many of them the test policy expires. */
  static final int SEEDED = 33;

  static final int EXPIRED = 18;

  private final List<HikariDataSource> pools = new ArrayList<>();

  /** Connections straight to the database, as its owner; for setting up and checking. */
  abstract DataSource admin();

  abstract Database database();

  abstract String jdbcUrl();

  /** A HikariCP pool of the host's, at most {@code size} connections. */
  HikariDataSource pool(int size) {
    return pool(size, config -> {});
  }

  HikariDataSource pool(int size, Consumer<HikariConfig> settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(Duration.ofMillis(500).toMillis());
    settings.accept(config);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /**
   * mAI's table with: org-a (its own 180 days) 10 rows 200 days old and 5 rows 120 days old; org-b
   * (the default 90 days) 8 rows 100 days old and 4 rows 30 days old; org-c (on legal hold) 6 rows
   * 300 days old. The test policy expires 10 + 8 = 18 of 33.
   */
  void seed() {
    execute(
        "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
            + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
            + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)",
        "CREATE INDEX idx_pg_org_date ON processed_generations (client_org_id, generation_date)",
        "CREATE INDEX idx_pg_processed_at ON processed_generations (processed_at)");
    insert("org-a", 10, 200);
    insert("org-a", 5, 120);
    insert("org-b", 8, 100);
    insert("org-b", 4, 30);
    insert("org-c", 6, 300);
  }

  /** The host's own table, written in the host's transactions. */
  void createHostTable() {
    execute("CREATE TABLE host_orders (id INTEGER PRIMARY KEY, note TEXT)");
  }

  void insert(String organization, int rows, int daysOld) {
    long processedAt = NOW.minus(Duration.ofDays(daysOld)).getEpochSecond();
    try (Connection connection = admin().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO processed_generations VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < rows; i++) {
        insert.setString(1, organization + "-" + daysOld + "-" + i);
        insert.setString(2, organization);
        java.time.LocalDate date =
            java.time.LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(daysOld);
        if (database() == Database.SQLITE) {
          insert.setString(3, date.toString()); // SQLite keeps 'YYYY-MM-DD' text
        } else {
          insert.setObject(3, date);
        }
        insert.setLong(4, processedAt);
        insert.setDouble(5, 0.25);
        insert.setInt(6, 1000);
        insert.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void execute(String... statements) {
    try (Connection connection = admin().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  long count(String sql) {
    try (Connection connection = admin().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  String string(String sql) {
    try (Connection connection = admin().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return result.next() ? result.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  long rows() {
    return count("SELECT count(*) FROM processed_generations");
  }

  boolean tableExists(String name) {
    try (Connection connection = admin().getConnection();
        ResultSet tables = connection.getMetaData().getTables(null, null, name, null)) {
      return tables.next();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  long auditRows() {
    return tableExists("processed_generation_cleanup_log")
        ? count("SELECT count(*) FROM processed_generation_cleanup_log")
        : 0;
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
  }
}
