package ai.mai.retention.core.port.out;

import java.util.Optional;

/** At most one cleanup per database at a time, across processes and hosts. */
public interface CleanupLock {

  /** Takes the lock without waiting; empty when another run holds it. */
  Optional<Lease> tryAcquire(String runId);

  /** A held lock; closing it releases the lock. */
  interface Lease extends AutoCloseable {

    /** Called after every batch: lets time-limited locks extend themselves. */
    default void keepAlive() {}

    @Override
    void close();
  }
}
