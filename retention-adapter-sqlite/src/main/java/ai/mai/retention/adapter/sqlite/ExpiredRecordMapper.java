package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import org.apache.ibatis.annotations.Param;

/**
 * SQL over the target table; in {@code ExpiredRecordMapper.xml}. The two statements that read one
 * row per expired or deleted row run through {@link ai.mai.retention.adapter.jdbc.RowStreams}.
 */
interface ExpiredRecordMapper {

  String SELECT_EXPIRED = ExpiredRecordMapper.class.getName() + ".selectExpired";

  String DELETE_BATCH = ExpiredRecordMapper.class.getName() + ".deleteBatch";

  TableTotalsRow selectTotals(@Param("table") String table);

  /** Rows of the organizations on legal hold. */
  long countHeld(CriteriaParameters parameters);

  void createPolicyTable();

  void clearPolicyTable();

  void fillPolicyTable(CriteriaParameters parameters);

  void dropPolicyTable();

  boolean hasProcessedAtIndex(@Param("table") String table);

  /** Copies the next batch's rows into the archive table; how many. */
  int archiveBatch(SweepBatch batch);
}
