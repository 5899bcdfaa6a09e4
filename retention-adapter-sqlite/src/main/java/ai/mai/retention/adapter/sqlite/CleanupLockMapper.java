package ai.mai.retention.adapter.sqlite;

import org.apache.ibatis.annotations.Param;

/** The lease row of the run lock; in {@code CleanupLockMapper.xml}. Times are epoch millis. */
interface CleanupLockMapper {

  /** Takes the lease if free or expired, in one statement; 1 if taken, 0 if held by another. */
  int acquire(
      @Param("name") String name,
      @Param("owner") String owner,
      @Param("now") long now,
      @Param("expiresAt") long expiresAt);

  /** Extends a lease this owner holds; 0 if it no longer holds it. */
  int renew(
      @Param("name") String name, @Param("owner") String owner, @Param("expiresAt") long expiresAt);

  int release(@Param("name") String name, @Param("owner") String owner);
}
