package ai.mai.retention.core.service;

/** One row of the fake {@code processed_generations} table. */
record StoredRow(String id, String organizationId, long processedAt, double cost, long tokens) {

  static StoredRow of(String id, String organizationId, long processedAt) {
    return new StoredRow(id, organizationId, processedAt, 0.001, 10);
  }
}
