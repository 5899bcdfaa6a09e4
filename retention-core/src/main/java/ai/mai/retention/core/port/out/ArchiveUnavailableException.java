package ai.mai.retention.core.port.out;

/**
 * The archive cannot take a run's rows: its directory is missing, not writable or full, or its
 * table is missing or misshapen. Before the first delete the run refuses; during a batch the batch
 * is rolled back and the run stops with what earlier batches deleted (and archived).
 */
public class ArchiveUnavailableException extends RuntimeException {

  public ArchiveUnavailableException(String message) {
    super(message);
  }

  public ArchiveUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
