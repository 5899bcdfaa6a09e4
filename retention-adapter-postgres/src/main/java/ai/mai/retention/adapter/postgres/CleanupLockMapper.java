package ai.mai.retention.adapter.postgres;

import org.apache.ibatis.annotations.Param;

/** Session-level advisory locks in the two-key space; in {@code CleanupLockMapper.xml}. */
interface CleanupLockMapper {

  /**
   * The schema the table name resolves to on this connection (its search path), or the current
   * schema when no such table exists (the run then fails on its schema check, not here).
   */
  String schemaOf(@Param("table") String table);

  boolean tryLock(@Param("namespace") int namespace, @Param("key") int key);

  /** True if this session held the lock (and now no longer does). */
  boolean unlock(@Param("namespace") int namespace, @Param("key") int key);

  /** True while this session holds the lock. */
  boolean holds(@Param("namespace") int namespace, @Param("key") int key);
}
