package ai.mai.retention.adapter.jdbc;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The audit table and the in-flight run markers; SQL in {@code CleanupJournalMapper.xml}. */
public interface CleanupJournalMapper {

  void insertLogRow(CleanupLogRow row);

  /** Rewrites the audit row of {@code row.runId()}, if there is one; how many rows changed. */
  int updateLogRow(CleanupLogRow row);

  /**
   * @param columns the select list, from {@code MyBatisCleanupJournal}: the columns this audit
   *     table has, and NULL for the library's columns it does not have yet
   */
  List<StoredLogRow> selectRecent(@Param("columns") String columns, @Param("limit") int limit);

  /** The newest row with the given outcome, as a one-element list or empty. */
  List<StoredLogRow> selectLatest(
      @Param("columns") String columns, @Param("success") boolean success);

  /** The newest audit row of one run (there is one, unless something else wrote more). */
  List<StoredLogRow> selectByRunId(@Param("runId") String runId, @Param("columns") String columns);

  void insertRun(RunMarkerRow run);

  int updateRun(RunMarkerRow run);

  int deleteRun(@Param("runId") String runId);

  List<RunMarkerRow> selectRuns();
}
