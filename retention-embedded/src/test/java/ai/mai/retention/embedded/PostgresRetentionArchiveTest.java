package ai.mai.retention.embedded;

class PostgresRetentionArchiveTest extends RetentionArchiveAndBudgetContract {

  @Override
  HostDatabase newHost() {
    return new PostgresHost();
  }
}
