package ai.mai.retention.adapter.sqlite;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The lease row of the run lock; in {@code CleanupLockMapper.xml}. Times are epoch millis. */
interface CleanupLockMapper {

  /** Takes the lease if free or expired, in one statement; 1 if taken, 0 if held by another. */
  int acquire(
      @Param("name") String name,
      @Param("owner") String owner,
      @Param("now") long now,
      @Param("expiresAt") long expiresAt,
      @Param("holder") LockHolder holder);

  /** The lease row, as a one-element list or empty. */
  List<LockHolderRow> select(@Param("name") String name);

  /**
   * Takes the lease from {@code deadOwner} (whose process is proven gone), only if that run still
   * holds it; 1 if taken.
   */
  int takeOver(
      @Param("name") String name,
      @Param("deadOwner") String deadOwner,
      @Param("owner") String owner,
      @Param("now") long now,
      @Param("expiresAt") long expiresAt,
      @Param("holder") LockHolder holder);

  /** Extends a lease this owner holds; 0 if it no longer holds it. */
  int renew(
      @Param("name") String name, @Param("owner") String owner, @Param("expiresAt") long expiresAt);

  int release(@Param("name") String name, @Param("owner") String owner);
}
