package ai.mai.retention.adapter.postgres;

/** How a PostgreSQL sweep walks the table to find the rows to delete. */
public enum SweepStrategy {

  /**
   * Chosen per run from the snapshot: {@link #KEYSET} when only a small share of the table is
   * expired (the daily steady state), {@link #BLOCK_RANGE} for a backlog.
   */
  AUTO,

  /**
   * Physical order: each batch scans a range of heap blocks (a TID Range Scan, PostgreSQL 14+) and
   * deletes the expired rows in it. Reads the whole heap once, sequentially; the fastest way
   * through a large backlog.
   */
  BLOCK_RANGE,

  /**
   * Index order: each batch takes the next expired rows from the index on {@code processed_at},
   * starting where the previous batch stopped. Reads only what it deletes; the fastest way when few
   * rows are expired. Needs that index.
   */
  KEYSET
}
