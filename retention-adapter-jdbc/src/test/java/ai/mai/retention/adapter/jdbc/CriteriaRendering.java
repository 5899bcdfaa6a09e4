package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.CleanupCriteria;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.util.List;
import javax.sql.DataSource;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.io.Resources;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.session.Configuration;

/**
 * The criteria predicate as MyBatis renders it for one {@link Dialect}: the SQL text of {@code
 * SELECT id FROM table <policyJoin> WHERE <expiredPredicate>} and the values bound. Each adapter's
 * test renders its own fragments with it; nothing connects to a database.
 */
public final class CriteriaRendering {

  /** What MyBatis sends: the statement, whitespace collapsed, and the bound values in order. */
  public record Rendered(String sql, List<Object> values) {}

  private static final String PROBE = "ai/mai/retention/adapter/jdbc/PredicateProbe.xml";

  private CriteriaRendering() {}

  public static Rendered render(Dialect dialect, CleanupCriteria criteria) {
    Configuration configuration =
        RetentionSessions.create(unconnected(), dialect).getConfiguration();
    try (InputStream in =
        Resources.getResourceAsStream(CriteriaRendering.class.getClassLoader(), PROBE)) {
      new XMLMapperBuilder(in, configuration, PROBE, configuration.getSqlFragments()).parse();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CriteriaParameters parameters = new CriteriaParameters(TableName.DEFAULT, criteria);
    BoundSql bound =
        configuration.getMappedStatement("test.PredicateProbe.expired").getBoundSql(parameters);
    MetaObject meta = configuration.newMetaObject(parameters);
    List<Object> values =
        bound.getParameterMappings().stream()
            .map(ParameterMapping::getProperty)
            .map(
                property ->
                    bound.hasAdditionalParameter(property)
                        ? bound.getAdditionalParameter(property)
                        : meta.getValue(property))
            .toList();
    return new Rendered(normalize(bound.getSql()), values);
  }

  private static DataSource unconnected() {
    return (DataSource)
        Proxy.newProxyInstance(
            CriteriaRendering.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException("rendering only; no connection");
            });
  }

  private static String normalize(String sql) {
    return sql.replaceAll("\\s+", " ")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" ,", ",")
        .trim();
  }
}
