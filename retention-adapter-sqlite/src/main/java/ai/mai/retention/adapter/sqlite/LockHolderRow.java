package ai.mai.retention.adapter.sqlite;

/** The lease row of a lock as read back: its owner (a run id, null when free) and holder. */
record LockHolderRow(
    String owner,
    Long expiresAt,
    String holderHost,
    String holderScope,
    Long holderPid,
    Long holderStartedAt) {

  LockHolder holder() {
    return new LockHolder(
        holderHost,
        holderScope,
        holderPid == null ? 0 : holderPid,
        holderStartedAt == null ? 0 : holderStartedAt);
  }
}
