package ai.mai.retention.adapter.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * mAI writing to its SQLite file as Open WebUI does: its own connection (a 5 s busy timeout, the
 * Python driver's default), one fresh row inserted in autocommit every 2 ms, each wait recorded.
 */
final class LiveWriter implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofMillis(2);

  private final String url;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<String> errors = new ArrayList<>();
  private final Thread thread;
  private volatile long maxWaitNanos;
  private volatile long inserted;

  private LiveWriter(String url) {
    this.url = url;
    this.thread = new Thread(this::write, "live-writer");
    thread.setDaemon(true);
  }

  /** Starts writing at once; the first insert has happened when this returns. */
  static LiveWriter start(String url) {
    LiveWriter writer = new LiveWriter(url);
    writer.thread.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (writer.inserted == 0 && writer.errors().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return writer;
  }

  private void write() {
    Properties properties = new Properties();
    properties.setProperty("busy_timeout", "5000");
    try (Connection connection = DriverManager.getConnection(url, properties);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO processed_generations (id, client_org_id, generation_date,"
                    + " processed_at, total_cost, total_tokens) VALUES (?, ?, ?, ?, ?, ?)")) {
      long n = 0;
      while (running.get()) {
        Instant now = Instant.now();
        insert.setString(1, "live-" + Thread.currentThread().getId() + "-" + n++);
        insert.setString(2, "org-live");
        insert.setString(3, LocalDate.ofInstant(now, ZoneOffset.UTC).toString());
        insert.setLong(4, now.getEpochSecond());
        insert.setDouble(5, 0.001);
        insert.setLong(6, 10);
        long begin = System.nanoTime();
        try {
          insert.executeUpdate();
          inserted++;
        } catch (SQLException e) {
          synchronized (errors) {
            errors.add(e.getMessage());
          }
        }
        long waited = System.nanoTime() - begin;
        if (waited > maxWaitNanos) {
          maxWaitNanos = waited;
        }
        sleepUntil(begin + INTERVAL.toNanos());
      }
    } catch (SQLException e) {
      synchronized (errors) {
        errors.add("connect: " + e.getMessage());
      }
    }
  }

  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  long inserted() {
    return inserted;
  }

  Duration longestWait() {
    return Duration.ofNanos(maxWaitNanos);
  }

  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "writer: "
        + inserted
        + " rows, longest wait "
        + longestWait().toMillis()
        + " ms, errors "
        + errors();
  }
}
