package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.core.port.out.SchemaProblemException;
import com.google.inject.ProvisionException;
import org.junit.jupiter.api.Test;

class ExitCodeMappingTest {

  @Test
  void configurationAndSchemaProblemsAreUsageErrors() {
    assertThat(RetentionApp.exitCodeOf(new ConfigurationException("x"))).isEqualTo(2);
    assertThat(RetentionApp.exitCodeOf(new SchemaProblemException("x"))).isEqualTo(2);
    assertThat(RetentionApp.exitCodeOf(new IllegalStateException("x"))).isEqualTo(1);
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
