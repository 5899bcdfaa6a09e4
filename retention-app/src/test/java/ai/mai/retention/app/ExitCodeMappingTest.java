package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.core.port.out.SchemaProblemException;
import com.google.inject.ProvisionException;
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
  void aSettingRejectedInsideGuiceWiringIsStillAUsageError() {
    ProvisionException wrapped =
        new ProvisionException(
            "wiring failed", new IllegalArgumentException("CLEANUP_CRON: 'x' is not valid"));

    Throwable cause = RetentionApp.unwrapWiring(wrapped);

    assertThat(cause).hasMessageContaining("CLEANUP_CRON");
    assertThat(RetentionApp.exitCodeOf(cause)).isEqualTo(2);
    assertThat(RetentionApp.exitCodeOf(wrapped)).isEqualTo(1);
  }
}
