package ai.mai.retention.adapter.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.io.Resources;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * Builds the MyBatis session factory of one adapter over a {@link DataSource} it was given. The
 * factory borrows connections and returns them; it never closes the data source.
 */
public final class RetentionSessions {

  /** The shared mapper files, loaded before the adapter's own. */
  static final List<String> SHARED_MAPPERS =
      List.of(
          "ai/mai/retention/adapter/jdbc/CleanupJournalMapper.xml",
          "ai/mai/retention/adapter/jdbc/StorageAuditMapper.xml",
          "ai/mai/retention/adapter/jdbc/ArchiveAuditMapper.xml");

  private RetentionSessions() {}

  /**
   * @param dataSource the host's or the app's connections
   * @param dialect how dates are written, and the adapter's mapper files ({@link Dialect#mappers})
   */
  public static SqlSessionFactory create(DataSource dataSource, Dialect dialect) {
    if (dataSource == null || dialect == null) {
      throw new IllegalArgumentException("dataSource and dialect are required");
    }
    Configuration configuration =
        new Configuration(new Environment("retention", new JdbcTransactionFactory(), dataSource));
    configuration.setCacheEnabled(false);
    configuration.setJdbcTypeForNull(org.apache.ibatis.type.JdbcType.NULL);
    configuration.setLocalCacheScope(org.apache.ibatis.session.LocalCacheScope.STATEMENT);
    configuration.getTypeHandlerRegistry().register(LocalDate.class, new DateTypeHandler(dialect));
    List<String> resources = new ArrayList<>(SHARED_MAPPERS);
    resources.addAll(dialect.mappers());
    for (String resource : resources) {
      try (InputStream in =
          Resources.getResourceAsStream(RetentionSessions.class.getClassLoader(), resource)) {
        new XMLMapperBuilder(in, configuration, resource, configuration.getSqlFragments()).parse();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read mapper " + resource, e);
      }
    }
    return new DefaultSqlSessionFactory(configuration);
  }
}
