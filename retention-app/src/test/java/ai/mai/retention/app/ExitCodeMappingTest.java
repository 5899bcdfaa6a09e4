package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.core.port.out.SchemaProblemException;
import ai.mai.retention.embedded.DatabaseUnavailableException;
import ai.mai.retention.embedded.RetentionConfigurationException;
import ai.mai.retention.embedded.RetentionSchemaException;
import ai.mai.retention.embedded.SchemaNotMigratedException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ExitCodeMappingTest {

  @Test
  void configurationAndSchemaProblemsAreUsageErrors() {
    assertThat(RetentionApp.exitCodeOf(new ConfigurationException("x"))).isEqualTo(2);
    assertThat(RetentionApp.exitCodeOf(new SchemaProblemException("x"))).isEqualTo(2);
    assertThat(RetentionApp.exitCodeOf(new IllegalStateException("x"))).isEqualTo(1);
  }

  @Test
  void aBusyOrUnreachableDatabaseIsAFailedRunNotABadConfiguration() {
    SQLException busy =
        new SQLException("[SQLITE_BUSY_SNAPSHOT] Another database connection has already written");
    SQLException refused = new SQLException("Connection to localhost:5432 refused.", "08001");
    SQLException lockTimeout = new SQLException("canceling statement due to lock timeout", "55P03");

    assertThat(
            RetentionApp.exitCodeOf(
                new SchemaProblemException("migrating the retention tables failed", busy)))
        .isEqualTo(1);
    assertThat(RetentionApp.exitCodeOf(new ConfigurationException("cannot connect", refused)))
        .isEqualTo(1);
    assertThat(RetentionApp.exitCodeOf(new IllegalStateException("x", lockTimeout))).isEqualTo(1);
    assertThat(
            RetentionApp.exitCodeOf(
                new ConfigurationException(
                    "cannot connect", new java.net.ConnectException("Connection refused"))))
        .isEqualTo(1);
  }

  @Test
  void aWrongPasswordOrHostStaysAConfigurationError() {
    SQLException password =
        new SQLException("FATAL: password authentication failed for user \"mai\"", "28P01");
    SQLException unknownHost =
        new SQLException(
            "The connection attempt failed.",
            "08001",
            new java.net.UnknownHostException("no-such-host.invalid"));

    assertThat(RetentionApp.exitCodeOf(new ConfigurationException("cannot connect", password)))
        .isEqualTo(2);
    assertThat(RetentionApp.exitCodeOf(new ConfigurationException("cannot connect", unknownHost)))
        .isEqualTo(2);
  }

  @Test
  void whatTheFrontDoorRefusesIsAUsageErrorAndADatabaseAwayIsAFailedRun() {
    assertThat(
            RetentionApp.exitCodeOf(
                RetentionConfigurationException.invalid("retentionDays", "out of range", null)))
        .isEqualTo(2);
    assertThat(RetentionApp.exitCodeOf(new SchemaNotMigratedException("call migrate()", null)))
        .isEqualTo(2);
    assertThat(RetentionApp.exitCodeOf(new DatabaseUnavailableException("away", null)))
        .isEqualTo(1);
    SQLException busy = new SQLException("[SQLITE_BUSY] The database file is locked");
    assertThat(
            RetentionApp.exitCodeOf(
                new RetentionSchemaException("migrating the retention tables failed", busy)))
        .isEqualTo(1);
  }
}
