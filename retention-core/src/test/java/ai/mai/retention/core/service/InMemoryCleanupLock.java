package ai.mai.retention.core.service;

import ai.mai.retention.core.port.out.CleanupLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link CleanupLock} for one JVM: one holder at a time; counts what the service did with it. */
final class InMemoryCleanupLock implements CleanupLock {

  private String holder;
  final List<String> acquiredBy = new ArrayList<>();
  int keepAlives;
  int releases;
  private boolean releaseFails;

  /** Every lease's close() throws (a dropped connection, say), after letting go of the lock. */
  InMemoryCleanupLock failingToRelease() {
    releaseFails = true;
    return this;
  }

  /** Another process holds the lock until {@link #release()}. */
  InMemoryCleanupLock heldBy(String otherRun) {
    holder = otherRun;
    return this;
  }

  void release() {
    holder = null;
  }

  boolean isHeld() {
    return holder != null;
  }

  @Override
  public Optional<Lease> tryAcquire(String runId) {
    if (holder != null) {
      return Optional.empty();
    }
    holder = runId;
    acquiredBy.add(runId);
    return Optional.of(
        new Lease() {
          private boolean closed;

          @Override
          public void keepAlive() {
            keepAlives++;
          }

          @Override
          public void close() {
            if (!closed) {
              closed = true;
              releases++;
              holder = null;
            }
            if (releaseFails) {
              throw new IllegalStateException("connection reset while unlocking");
            }
          }
        });
  }
}
