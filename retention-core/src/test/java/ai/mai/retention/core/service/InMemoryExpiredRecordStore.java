package ai.mai.retention.core.service;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * {@link ExpiredRecordStore} over a list of rows. Sweeps delete at most {@code batchSize} expired
 * rows per batch, in insertion order, and can be told to fail once, on a given batch of the next
 * sweep.
 */
final class InMemoryExpiredRecordStore implements ExpiredRecordStore {

  static final int DEFAULT_BATCH_SIZE = 1_000;

  /** The columns a sweep hands an archive, in this order. */
  static final List<String> COLUMNS =
      List.of("id", "client_org_id", "processed_at", "total_cost", "total_tokens");

  private final List<StoredRow> rows = new ArrayList<>();
  private int failAtBatch = -1;
  private Throwable failure;
  private RuntimeException inspectFailure;
  private Consumer<InMemoryExpiredRecordStore> afterEachBatch = store -> {};
  private Consumer<CleanupReport> markers = progress -> {};

  int inspectCalls;
  int sweepsOpened;
  int sweepsClosed;
  int batchesAttempted;
  OptionalInt requestedBatchSize = OptionalInt.empty();

  InMemoryExpiredRecordStore insert(Collection<StoredRow> more) {
    rows.addAll(more);
    return this;
  }

  InMemoryExpiredRecordStore insert(StoredRow... more) {
    return insert(List.of(more));
  }

  /**
   * In the next sweep, the {@code batchNumber}-th call of {@code deleteNextBatch} (1-based) throws
   * {@code exception} and deletes nothing; batches before it commit. One shot.
   */
  InMemoryExpiredRecordStore failAtBatch(int batchNumber, Throwable exception) {
    this.failAtBatch = batchNumber;
    this.failure = exception;
    return this;
  }

  InMemoryExpiredRecordStore failInspect(RuntimeException exception) {
    this.inspectFailure = exception;
    return this;
  }

  /**
   * Where sweeps write the run's checkpoint, as a real adapter writes the marker inside the batch's
   * transaction: if it throws, the batch deletes nothing.
   */
  InMemoryExpiredRecordStore checkpointsTo(Consumer<CleanupReport> markerWriter) {
    this.markers = markerWriter;
    return this;
  }

  /** Runs after every committed batch, e.g. to simulate live writers inserting rows. */
  InMemoryExpiredRecordStore afterEachBatch(Consumer<InMemoryExpiredRecordStore> hook) {
    this.afterEachBatch = hook;
    return this;
  }

  List<String> remainingIds() {
    return rows.stream().map(StoredRow::id).sorted().toList();
  }

  List<StoredRow> rows() {
    return List.copyOf(rows);
  }

  @Override
  public TableSnapshot inspect(CleanupCriteria criteria) {
    inspectCalls++;
    if (inspectFailure != null) {
      throw inspectFailure;
    }
    OrganizationBreakdown.Builder expired = OrganizationBreakdown.builder();
    OptionalLong newest = OptionalLong.empty();
    long held = 0;
    for (StoredRow row : rows) {
      if (row.organizationId() != null && criteria.legalHolds().contains(row.organizationId())) {
        held++;
      }
      if (criteria.isExpired(row.organizationId(), row.processedAt())) {
        expired.addRow(row.id(), row.organizationId(), row.tokens(), row.cost());
      }
      if (newest.isEmpty() || row.processedAt() > newest.getAsLong()) {
        newest = OptionalLong.of(row.processedAt());
      }
    }
    return new TableSnapshot(rows.size(), held, expired.build(), newest);
  }

  @Override
  public long countRecords() {
    return rows.size();
  }

  @Override
  public Sweep openSweep(
      CleanupCriteria criteria,
      TableSnapshot snapshot,
      OptionalInt batchSize,
      BatchCheckpoint checkpoint,
      RowArchive.Writer archive) {
    sweepsOpened++;
    requestedBatchSize = batchSize;
    int size = batchSize.orElse(DEFAULT_BATCH_SIZE);
    return new Sweep() {
      private int attempt;

      @Override
      public Optional<OrganizationBreakdown> deleteNextBatch() {
        batchesAttempted++;
        attempt++;
        if (attempt == failAtBatch) {
          failAtBatch = -1;
          if (failure instanceof Error error) {
            throw error;
          }
          throw (RuntimeException) failure;
        }
        OrganizationBreakdown.Builder deleted = OrganizationBreakdown.builder();
        List<StoredRow> doomed = new ArrayList<>();
        for (Iterator<StoredRow> it = rows.iterator(); it.hasNext() && doomed.size() < size; ) {
          StoredRow row = it.next();
          if (criteria.isExpired(row.organizationId(), row.processedAt())) {
            doomed.add(row);
            deleted.addRow(row.id(), row.organizationId(), row.tokens(), row.cost());
          }
        }
        if (doomed.isEmpty()) {
          return Optional.empty();
        }
        OrganizationBreakdown batch = deleted.build();
        // "One transaction": the marker is written first; if that fails, nothing is removed.
        checkpoint.progressWith(batch).ifPresent(markers);
        // Then the archive, as a real sweep keeps the rows before its commit.
        if (archive.active() && archive.table().isEmpty()) {
          RowArchive.RowSink sink = archive.startBatch(COLUMNS);
          for (StoredRow row : doomed) {
            sink.row(
                new String[] {
                  row.id(),
                  row.organizationId(),
                  Long.toString(row.processedAt()),
                  Double.toString(row.cost()),
                  Long.toString(row.tokens())
                });
          }
          archive.makeDurable();
        }
        rows.removeAll(doomed);
        afterEachBatch.accept(InMemoryExpiredRecordStore.this);
        return Optional.of(batch);
      }

      @Override
      public int batchSize() {
        return size;
      }

      @Override
      public void close() {
        sweepsClosed++;
      }
    };
  }
}
