package ai.mai.retention.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.port.out.CleanupLock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CleanupLock} must do: one holder per database, across processes. */
public abstract class CleanupLockContract {

  protected RetentionTestDatabase database;

  protected abstract RetentionTestDatabase openDatabase();

  @BeforeEach
  void open() {
    database = openDatabase();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void aSecondProcessCannotTakeAHeldLock() {
    Optional<CleanupLock.Lease> first = database.lock().tryAcquire("run-1");
    assertThat(first).isPresent();
    try {
      assertThat(database.lockOfAnotherProcess().tryAcquire("run-2")).isEmpty();
    } finally {
      first.get().close();
    }
  }

  @Test
  void theSameProcessCannotTakeItTwiceEither() {
    try (CleanupLock.Lease first = database.lock().tryAcquire("run-1").orElseThrow()) {
      first.keepAlive();
      assertThat(database.lock().tryAcquire("run-2")).isEmpty();
    }
  }

  @Test
  void aReleasedLockCanBeTakenAgain() {
    database.lock().tryAcquire("run-1").orElseThrow().close();

    Optional<CleanupLock.Lease> again = database.lockOfAnotherProcess().tryAcquire("run-2");
    assertThat(again).isPresent();
    again.get().close();
  }
}
