package ai.mai.retention.embedded;

import static ai.mai.retention.embedded.HostDatabase.EXPIRED;
import static ai.mai.retention.embedded.HostDatabase.SEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.adapter.postgres.PostgresConnections;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The front door on a real PostgreSQL, and what only PostgreSQL has: a transaction opened with an
 * explicit BEGIN on an autocommit connection, and a role with only the documented grants.
 */
class PostgresRetentionTest extends RetentionContract {

  /** The role the README's grants name. */
  private static final String ROLE = "mai_retention";

  @Override
  HostDatabase newHost() {
    return new PostgresHost();
  }

  private PostgresHost postgres() {
    return (PostgresHost) host;
  }

  @Test
  void aTransactionOpenedWithBeginOnAnAutocommitConnectionIsRefused() throws Exception {
    theIssuesBuilder(host.pool(5)).build().migrate();
    DataSource begun = new Beginning(host.pool(5));
    Retention retention = theIssuesBuilder(begun).build();

    assertThatThrownBy(retention::runNow)
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining("a transaction is open");
    assertThat(host.rows()).isEqualTo(SEEDED);
  }

  @Test
  void theStatementTimeoutEndsAStatementThatRunsLonger() {
    // Migrated with the default timeout: only the run's statements are under test here.
    theIssuesBuilder(host.pool(5)).build().migrate();
    Retention retention =
        theIssuesBuilder(host.pool(5)).statementTimeout(Duration.ofSeconds(1)).build();
    // Every delete of the table now takes at least five seconds.
    host.execute(
        "CREATE FUNCTION slow_delete() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN PERFORM pg_sleep(5); RETURN NULL; END $$",
        "CREATE TRIGGER slow_delete BEFORE DELETE ON processed_generations"
            + " FOR EACH STATEMENT EXECUTE FUNCTION slow_delete()");

    CleanupReport report = retention.runNow();

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error()).contains("statement timeout");
    assertThat(host.rows()).isEqualTo(SEEDED);
  }

  @Test
  void aRoleWithOnlyTheDocumentedGrantsRunsCleanupsHistoryAndHealth() {
    Retention owner = theIssuesBuilder(host.pool(5)).build();
    owner.migrate();
    createRoleWith(documentedGrants());
    Retention cleaner =
        theIssuesBuilder(host.pool(4, c -> c.setJdbcUrl(postgres().jdbcUrl(ROLE)))).build();

    assertThat(cleaner.preview().recordsDeleted()).isEqualTo(EXPIRED);
    assertThat(cleaner.runNow().recordsDeleted()).isEqualTo(EXPIRED);
    assertThat(cleaner.history(5)).hasSize(1);
    assertThat(cleaner.health(Duration.ofHours(26)).healthy()).isTrue();
    // Up to date, migrate() needs no DDL: a host may call it at start as this role too.
    assertThat(cleaner.migrate()).isZero();
  }

  @Test
  void aMissingGrantIsNamedWithItsTableAndPrivilegeBeforeAnythingIsDeleted() {
    Retention owner = theIssuesBuilder(host.pool(5)).build();
    owner.migrate();
    createRoleWith(documentedGrants());
    host.execute("REVOKE DELETE ON processed_generations FROM " + ROLE);
    host.execute("REVOKE INSERT ON retention_run FROM " + ROLE);
    Retention cleaner =
        theIssuesBuilder(host.pool(4, c -> c.setJdbcUrl(postgres().jdbcUrl(ROLE)))).build();

    assertThatThrownBy(cleaner::runNow)
        .isInstanceOf(RetentionSchemaException.class)
        .hasMessageContaining("DELETE on table processed_generations")
        .hasMessageContaining("INSERT on table retention_run")
        .hasMessageContaining("GRANT DELETE ON TABLE processed_generations TO " + ROLE);
    assertThat(host.rows()).isEqualTo(SEEDED);
    assertThat(cleaner.history(5)).isEmpty();

    host.execute("REVOKE SELECT ON processed_generation_cleanup_log FROM " + ROLE);
    assertThatThrownBy(() -> cleaner.health(Duration.ofHours(1)))
        .isInstanceOf(RetentionSchemaException.class)
        .hasMessageContaining("SELECT on table processed_generation_cleanup_log");
  }

  @Test
  void theReadmeListsExactlyTheGrantsTheLibraryChecks() throws Exception {
    assertThat(documentedGrants())
        .containsExactlyElementsOf(PostgresConnections.grantStatements(TableName.DEFAULT, ROLE));
  }

  /** The GRANT statements of the README's least-privilege block, as a DBA would copy them. */
  static Set<String> documentedGrants() {
    String readme;
    try {
      readme = Files.readString(Path.of("../README.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int marker = readme.indexOf("<!-- grants: PostgresConnections.requiredGrants");
    assertThat(marker).as("the README's grants block").isPositive();
    int start = readme.indexOf("```sql\n", marker) + "```sql\n".length();
    Set<String> grants = new LinkedHashSet<>();
    for (String line : readme.substring(start, readme.indexOf("```", start)).split("\n")) {
      if (!line.isBlank()) {
        grants.add(line.strip().replaceAll(";$", ""));
      }
    }
    return grants;
  }

  private void createRoleWith(Set<String> grants) {
    host.execute("DROP ROLE IF EXISTS " + ROLE, "CREATE ROLE " + ROLE + " LOGIN");
    host.execute(grants.toArray(String[]::new));
  }

  /** Hands out autocommit connections on which someone already ran BEGIN. */
  static final class Beginning extends Delegating {
    Beginning(DataSource pool) {
      super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection connection = target.getConnection();
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN");
        statement.execute("SELECT 1");
      }
      return connection;
    }
  }
}
