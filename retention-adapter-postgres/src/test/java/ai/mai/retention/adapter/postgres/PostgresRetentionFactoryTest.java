package ai.mai.retention.adapter.postgres;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.service.RunCleanupService;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresRetentionFactoryTest {

  private PostgresTestDatabase database;

  @BeforeEach
  void open() {
    database = PostgresTestDatabase.create();
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void theFactoryMakesTheFourPortsOfOneAdapter() {
    JdbcRetentionPorts ports =
        PostgresRetention.create(database.dataSource, PostgresSettings.defaults());

    assertThat(ports.store()).isInstanceOf(PostgresExpiredRecordStore.class);
    assertThat(ports.lock()).isInstanceOf(PostgresCleanupLock.class);

    database.insert(ExpiredRecordStoreContract.sampleRows(200, 31));
    CleanupReport report =
        new RunCleanupService(
                ports.store(),
                ports.journal(),
                ports.lock(),
                CleanupListener.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC))
            .runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.recordsDeleted()).isPositive();
  }

  @Test
  void settingsAreCheckedWhenMade() {
    assertThatThrownBy(() -> PostgresSettings.defaults().withDefaultBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size");
    assertThatThrownBy(() -> PostgresRetention.create(null, PostgresSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PostgresSettings.defaults().batchSize())
        .isEqualTo(PostgresSettings.DEFAULT_BATCH_SIZE);
    assertThat(new PostgresSettings(null, null, null, null, null))
        .isEqualTo(PostgresSettings.defaults());
  }
}
