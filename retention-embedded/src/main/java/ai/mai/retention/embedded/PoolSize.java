package ai.mai.retention.embedded;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * The most connections the host's pool hands out, where the pool says so: HikariCP ({@code
 * getMaximumPoolSize}), Commons DBCP 2 ({@code getMaxTotal}), Tomcat JDBC ({@code getMaxActive}),
 * c3p0 ({@code getMaxPoolSize}), also behind Spring's delegating data sources ({@code
 * getTargetDataSource}). Read by reflection so that the library depends on none of them; a pool
 * that does not say is checked when a run reserves its connections instead.
 */
final class PoolSize {

  private static final String[] MAXIMUM_GETTERS = {
    "getMaximumPoolSize", "getMaxTotal", "getMaxActive", "getMaxPoolSize"
  };

  private PoolSize() {}

  static OptionalInt maximum(DataSource dataSource) {
    Object current = dataSource;
    for (int depth = 0; current != null && depth < 5; depth++) {
      for (String getter : MAXIMUM_GETTERS) {
        Object value = call(current, getter);
        if (value instanceof Integer size && size > 0) {
          return OptionalInt.of(size);
        }
      }
      Object target = call(current, "getTargetDataSource");
      current = target instanceof DataSource next && next != current ? next : null;
    }
    return OptionalInt.empty();
  }

  private static Object call(Object target, String name) {
    try {
      Method method = target.getClass().getMethod(name);
      if (method.getParameterCount() != 0
          || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
        return null;
      }
      return method.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError notThere) {
      return null;
    }
  }
}
