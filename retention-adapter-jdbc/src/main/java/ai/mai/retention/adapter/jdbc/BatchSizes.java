package ai.mai.retention.adapter.jdbc;

/** The bounds every adapter puts on a delete batch. */
public final class BatchSizes {

  /** Larger batches would hold a write lock, or a transaction, longer than a batch is meant to. */
  public static final int MAX = 1_000_000;

  private BatchSizes() {}

  /** {@code size}, or an exception naming it when it is outside 1 to {@link #MAX}. */
  public static int require(int size) {
    if (size < 1 || size > MAX) {
      throw new IllegalArgumentException(
          "batch size must be between 1 and " + MAX + ", got " + size);
    }
    return size;
  }
}
