package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.session.ResultHandler;

/** SQL over the target table; in {@code ExpiredRecordMapper.xml}. */
interface ExpiredRecordMapper {

  TableTotalsRow selectTotals(@Param("table") String table);

  /** Streams the expired rows' organization, tokens and cost, for exact sums in Java. */
  void selectExpired(CriteriaParameters parameters, ResultHandler<DeletedRow> handler);

  /** Deletes up to one batch of expired rows and streams what it deleted. */
  void deleteBatch(CriteriaParameters parameters, ResultHandler<DeletedRow> handler);
}
