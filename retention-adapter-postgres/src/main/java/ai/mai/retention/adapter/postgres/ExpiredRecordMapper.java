package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** SQL over the target table; in {@code ExpiredRecordMapper.xml}. */
interface ExpiredRecordMapper {

  /** Float output in the shortest exact form for the rest of the transaction (the cost sums). */
  void exactFloats();

  /** Transaction-local planner settings for counting with one pass over the heap. */
  void prepareCount();

  long countRecords(@Param("table") String table);

  /** Null when the table is empty. */
  Long selectNewestProcessedAt(@Param("table") String table);

  /** Rows of the organizations on legal hold. */
  long countHeld(CriteriaParameters parameters);

  /** The rows the criteria expire, summed per organization by the server. */
  List<OrganizationTotalsRow> selectExpiredTotals(CriteriaParameters parameters);

  TableLayoutRow selectLayout(@Param("table") String table);

  /** Transaction-local planner settings that pin a block-range batch to a TID Range Scan. */
  void prepareBlockRangeBatch();

  /** Transaction-local planner settings that pin a keyset batch to the processed_at index. */
  void prepareKeysetBatch();

  // The deletes (deleteBlockRange, deleteBlockRangeCapped, deleteKeyset) are run by statement id,
  // so that their file-archive form can stream its rows (PostgresExpiredRecordStore.Batches).
}
