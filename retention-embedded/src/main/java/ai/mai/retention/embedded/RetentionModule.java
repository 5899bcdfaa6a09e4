package ai.mai.retention.embedded;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Binds the front door for a Guice host: one module for both databases. Guice is an optional
 * dependency of this library; a host that installs this module brings Guice itself.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *     binder -> binder.bind(DataSource.class).toInstance(pool),
 *     new RetentionModule(builder -> builder.retentionDays(90)));
 * Retention retention = injector.getInstance(Retention.class);
 * }</pre>
 */
public final class RetentionModule extends AbstractModule {

  private final Consumer<Retention.Builder> settings;

  /**
   * A module that builds one {@link Retention} over the host's bound {@link DataSource}.
   *
   * @param settings applies the host's settings to the builder; it is called once, when the
   *     injector first needs the Retention
   */
  public RetentionModule(Consumer<Retention.Builder> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  protected void configure() {
    requireBinding(DataSource.class);
  }

  /**
   * The host's Retention, built once.
   *
   * @param dataSource the host's bound pool
   * @return the configured front door
   */
  @Provides
  @Singleton
  Retention retention(DataSource dataSource) {
    Retention.Builder builder = Retention.builder(dataSource);
    settings.accept(builder);
    return builder.build();
  }
}
