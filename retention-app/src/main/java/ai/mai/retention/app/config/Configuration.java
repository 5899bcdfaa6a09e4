package ai.mai.retention.app.config;

import ai.mai.retention.embedded.Retention;
import ai.mai.retention.embedded.RetentionConfigurationException;
import ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler;
import ai.mai.retention.scheduler.quartz.ScheduleSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What one command's settings come to: the front door's builder calls, the schedule, the database
 * and the app's own (HTTP, log level). Made by applying each {@link Setting} in the command's
 * scopes to its layered value; whatever the library then refuses comes back as a {@link
 * ConfigurationException} naming the setting and where its value came from (exit 2).
 */
public final class Configuration {

  public static final int DEFAULT_HTTP_PORT = 9464;

  /**
   * Loopback: on a host, /health and /metrics are not offered to the network unless asked for. The
   * Docker image sets 0.0.0.0, where the container's own network and its published ports decide.
   */
  public static final String DEFAULT_HTTP_BIND = "127.0.0.1";

  /** A range message's ending, replaced by the value as the operator wrote it. */
  private static final Pattern GOT = Pattern.compile(", got [^,]*$");

  private final RawSettings raw;
  private final List<Consumer<Retention.Builder>> calls = new ArrayList<>();
  private DatabaseTarget database;
  private SourcedValue databaseSource;
  private ScheduleSettings schedule = ScheduleSettings.defaults();

  // Set by the settings' effects (Setting's entries), in this package.
  String databaseUrl;
  String databaseUser;
  String databasePassword;
  int httpPort = DEFAULT_HTTP_PORT;
  String httpBind = DEFAULT_HTTP_BIND;
  String logLevel = Setting.LOG_LEVEL.defaultText();

  private Configuration(RawSettings raw) {
    this.raw = raw;
  }

  /**
   * Applies every setting of {@code scopes} that has a value; the database is resolved when {@link
   * Setting.Scope#DATABASE} is among them.
   *
   * @throws ConfigurationException naming the first setting whose text is unusable
   */
  public static Configuration resolve(RawSettings raw, Set<Setting.Scope> scopes) {
    Configuration configuration = new Configuration(raw);
    for (Setting setting : Setting.values()) {
      Optional<SourcedValue> value = raw.get(setting);
      if (value.isPresent() && scopes.contains(setting.scope())) {
        RawSettings.requireVisible(setting, value.get());
        try {
          setting.apply(configuration, value.get().value());
        } catch (ConfigurationException
            | RetentionConfigurationException
            | IllegalArgumentException rejected) {
          throw configuration.named(List.of(setting), problem(setting, rejected), rejected);
        }
      }
    }
    if (scopes.contains(Setting.Scope.DATABASE)) {
      configuration.resolveDatabase();
    }
    return configuration;
  }

  /** Records a setting's call on the front door's builder, made when it is built. */
  void retention(Consumer<Retention.Builder> call) {
    calls.add(call);
  }

  /** Changes the schedule; the scheduler's settings check the value at once. */
  void schedule(UnaryOperator<ScheduleSettings> change) {
    schedule = change.apply(schedule);
  }

  private void resolveDatabase() {
    DatabaseTarget target;
    Optional<SourcedValue> explicit = raw.get(Setting.DB_URL);
    Optional<String> openWebUi = raw.environment("DATABASE_URL");
    if (explicit.isPresent()) {
      databaseSource = explicit.get();
      target = DatabaseTarget.fromJdbcUrl(databaseUrl, explicit.get().origin(Setting.DB_URL));
    } else if (openWebUi.isPresent()) {
      target = DatabaseTarget.fromOpenWebUiUrl(openWebUi.get());
      databaseSource = new SourcedValue(target.maskedUrl(), SettingSource.DATABASE_URL);
    } else {
      String url = "jdbc:sqlite:" + raw.environment("DATA_DIR").orElse("data") + "/webui.db";
      databaseSource = new SourcedValue(url, SettingSource.DEFAULT);
      target = DatabaseTarget.fromJdbcUrl(url, "default database URL");
    }
    database =
        target.withCredentials(
            Optional.ofNullable(databaseUser), Optional.ofNullable(databasePassword));
  }

  /** Cleans another database than the settings name (the demo's own file). */
  public Configuration withDatabase(DatabaseTarget target, String origin) {
    database = target;
    databaseSource = new SourcedValue(origin, SettingSource.DEFAULT);
    return this;
  }

  /**
   * The front door over {@code dataSource} with these settings: {@code appOwn} first (listener,
   * clock, access), then each setting's call, then {@code build()}, which needs no connection.
   *
   * @throws ConfigurationException what the library refused, naming the setting and its source
   */
  public Retention retention(DataSource dataSource, Consumer<Retention.Builder> appOwn) {
    Retention.Builder builder = Retention.builder(dataSource).database(database.dialect());
    appOwn.accept(builder);
    calls.forEach(call -> call.accept(builder));
    try {
      return builder.build();
    } catch (RetentionConfigurationException refused) {
      throw explain(refused);
    }
  }

  /**
   * The nightly schedule over {@code retention}; {@code instanceId} names this replica in a cluster
   * (null: generated).
   *
   * @throws ConfigurationException clustered scheduling on SQLite, naming the setting
   */
  public QuartzCleanupScheduler scheduler(Retention retention, String instanceId) {
    try {
      return QuartzCleanupScheduler.create(
          retention, schedule.withClustered(schedule.clustered(), instanceId));
    } catch (IllegalArgumentException refused) {
      throw named(List.of(Setting.CLUSTERED), problem(Setting.CLUSTERED, refused), refused);
    }
  }

  /** {@code refused} as the operator needs it: which of their settings, from where, and why. */
  public ConfigurationException explain(RetentionConfigurationException refused) {
    List<Setting> settings =
        refused.setting().stream()
            .flatMap(names -> List.of(names.split("/")).stream())
            .flatMap(
                name ->
                    EnumSet.allOf(Setting.class).stream()
                        .filter(setting -> setting.builderSetting().orElse("").equals(name)))
            .toList();
    if (settings.isEmpty()) {
      return new ConfigurationException(refused.getMessage(), refused);
    }
    return named(settings, refused.problem(), refused);
  }

  private ConfigurationException named(List<Setting> settings, String problem, Throwable cause) {
    String origins = settings.stream().map(this::origin).collect(Collectors.joining(" and "));
    String detail = problem;
    if (settings.size() == 1) {
      Optional<SourcedValue> value = value(settings.get(0));
      if (value.isPresent() && !settings.get(0).isList() && GOT.matcher(problem).find()) {
        // The library says what it got after parsing ("got 2147483647", "got 48h"); show the
        // value as it was written.
        detail =
            GOT.matcher(problem)
                .replaceFirst(
                    java.util.regex.Matcher.quoteReplacement(", got " + value.get().value()));
      }
    }
    return new ConfigurationException(origins + ": " + detail, cause);
  }

  private Optional<SourcedValue> value(Setting setting) {
    return setting == Setting.DB_URL ? Optional.ofNullable(databaseSource) : raw.get(setting);
  }

  /** "--table / RETENTION_TABLE (flag)", "DATABASE_URL (environment)", "... (default)". */
  private String origin(Setting setting) {
    return value(setting)
        .map(value -> value.origin(setting))
        .orElse(setting.displayName() + " (default)");
  }

  /** The library's message; a leading "CLEANUP_CRON: " (the scheduler names its own) dropped. */
  private static String problem(Setting setting, RuntimeException rejected) {
    String message =
        rejected instanceof RetentionConfigurationException own
            ? own.problem()
            : String.valueOf(rejected.getMessage());
    String prefix = setting.environmentVariable() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  public RawSettings raw() {
    return raw;
  }

  public DatabaseTarget database() {
    return database;
  }

  /** Where the database URL came from: the flag, environment or file, DATABASE_URL, default. */
  public SourcedValue databaseSource() {
    return databaseSource;
  }

  public ScheduleSettings schedule() {
    return schedule;
  }

  public int httpPort() {
    return httpPort;
  }

  public String httpBind() {
    return httpBind;
  }

  public String logLevel() {
    return logLevel;
  }
}
