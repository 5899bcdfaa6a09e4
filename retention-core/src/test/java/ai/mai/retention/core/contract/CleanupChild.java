package ai.mai.retention.core.contract;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import ai.mai.retention.core.service.RunCleanupService;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The body of the small {@code main} each adapter's tests run as a child JVM for {@link
 * KilledRunContract}: one real cleanup over the adapter's ports, announced on stdout so the parent
 * knows when to start aiming its kill.
 */
public final class CleanupChild {

  /** Printed on a line of its own once the ports exist, just before the run begins. */
  public static final String READY = "cleanup-child-ready";

  /** Printed after each committed batch, so the parent can aim a kill at a sweep under way. */
  public static final String BATCH = "cleanup-child-batch";

  /** Printed with the run's status when it ends without being killed. */
  public static final String FINISHED = "cleanup-child-finished";

  private CleanupChild() {}

  /**
   * @param archive where the run keeps its rows; null for none
   */
  public static void run(
      ExpiredRecordStore store,
      CleanupJournal journal,
      CleanupLock lock,
      RowArchive archive,
      int batchSize) {
    RunCleanupService service =
        new RunCleanupService(
                store,
                journal,
                lock,
                new CleanupListener() {
                  @Override
                  public void batchCommitted(CleanupReport progress) {
                    System.out.println(BATCH);
                    System.out.flush();
                  }
                },
                Clock.systemUTC())
            .withArchive(archive);
    CleanupRequest request =
        new CleanupRequest(
            RetentionPolicy.ofDays(KilledRunContract.RETENTION_DAYS),
            CleanupTrigger.MANUAL,
            false,
            OptionalInt.of(batchSize),
            new CleanupGuards(false, Optional.empty()),
            null);
    System.out.println(READY);
    System.out.flush();
    CleanupReport report = service.runCleanup(request);
    System.out.println(FINISHED + " " + report.status().label() + " " + report.error());
    System.out.flush();
  }
}
