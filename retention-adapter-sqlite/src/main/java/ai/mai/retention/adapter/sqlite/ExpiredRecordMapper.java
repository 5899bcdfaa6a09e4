package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/**
 * SQL over the target table; in {@code ExpiredRecordMapper.xml}. The statements that read one row
 * per row run through {@link ai.mai.retention.adapter.jdbc.RowStreams}.
 */
interface ExpiredRecordMapper {

  /** The expired rows whose cost {@code selectExpiredTotals} could not sum exactly. */
  String SELECT_EXPIRED_OTHER_COSTS =
      ExpiredRecordMapper.class.getName() + ".selectExpiredOtherCosts";

  String DELETE_BATCH = ExpiredRecordMapper.class.getName() + ".deleteBatch";

  TableTotalsRow selectTotals(@Param("table") String table);

  List<ExpiredTotalsRow> selectExpiredTotals(CriteriaParameters parameters);
}
