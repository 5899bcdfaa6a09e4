package ai.mai.retention.app.config;

import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.adapter.jdbc.TableRowArchive;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.InvalidPolicyException;
import ai.mai.retention.core.domain.OrganizationId;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.VacuumMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns raw layered values into {@link AppSettings}, naming the setting and source of any error.
 */
public final class SettingsResolver {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final RawSettings raw;

  public SettingsResolver(RawSettings raw) {
    this.raw = raw;
  }

  public AppSettings resolve() {
    RetentionPolicy policy = policy();
    return new AppSettings(
        database(),
        table(),
        policy,
        guards(),
        batchSize(),
        lockWait(),
        statementTimeout(),
        vacuum(),
        archive(),
        maxDuration(),
        bool(Setting.ENABLED, true),
        text(Setting.CRON, AppSettings.DEFAULT_CRON),
        timezone(),
        bool(Setting.CLUSTERED, false),
        httpPort(),
        httpBind(),
        logLevel());
  }

  /** Where the database URL came from (for {@code config}). */
  public SourcedValue databaseUrlSource() {
    Optional<SourcedValue> explicit = raw.get(Setting.DB_URL);
    if (explicit.isPresent()) {
      return explicit.get();
    }
    Optional<String> openWebUi = raw.environment("DATABASE_URL");
    if (openWebUi.isPresent()) {
      return new SourcedValue(
          DatabaseTarget.fromOpenWebUiUrl(openWebUi.get()).maskedUrl(), SettingSource.DATABASE_URL);
    }
    return new SourcedValue(defaultSqliteUrl(), SettingSource.DEFAULT);
  }

  public DatabaseTarget database() {
    Optional<SourcedValue> explicit = raw.get(Setting.DB_URL);
    DatabaseTarget target;
    if (explicit.isPresent()) {
      target =
          DatabaseTarget.fromJdbcUrl(explicit.get().value(), explicit.get().origin(Setting.DB_URL));
    } else {
      target =
          raw.environment("DATABASE_URL")
              .map(DatabaseTarget::fromOpenWebUiUrl)
              .orElseGet(
                  () -> DatabaseTarget.fromJdbcUrl(defaultSqliteUrl(), "default database URL"));
    }
    Optional<String> user = raw.get(Setting.DB_USER).map(SourcedValue::value);
    return target.withCredentials(user, password());
  }

  private String defaultSqliteUrl() {
    return "jdbc:sqlite:" + raw.environment("DATA_DIR").orElse("data") + "/webui.db";
  }

  private Optional<String> password() {
    Optional<SourcedValue> file = raw.get(Setting.DB_PASSWORD_FILE);
    if (file.isPresent()) {
      Path path = Path.of(file.get().value());
      try {
        String content = Files.readString(path, StandardCharsets.UTF_8).strip();
        if (content.isEmpty()) {
          throw new ConfigurationException(
              file.get().origin(Setting.DB_PASSWORD_FILE) + ": password file is empty: " + path);
        }
        return Optional.of(Secrets.remember(content));
      } catch (IOException e) {
        throw new ConfigurationException(
            file.get().origin(Setting.DB_PASSWORD_FILE) + ": cannot read password file " + path);
      }
    }
    return raw.get(Setting.DB_PASSWORD).map(SourcedValue::value).map(Secrets::remember);
  }

  public String table() {
    Optional<SourcedValue> value = raw.get(Setting.TABLE);
    if (value.isEmpty()) {
      return AppSettings.DEFAULT_TABLE;
    }
    if (!IDENTIFIER.matcher(value.get().value()).matches()) {
      throw new ConfigurationException(
          value.get().origin(Setting.TABLE)
              + ": '"
              + value.get().value()
              + "' is not a plain table name (letters, digits, underscore; at most 63)");
    }
    return value.get().value();
  }

  public RetentionPolicy policy() {
    int days = days(Setting.RETENTION_DAYS);
    Map<OrganizationId, Integer> overrides = tenantRetention();
    Set<OrganizationId> holds = legalHolds();
    try {
      return new RetentionPolicy(days, overrides, holds);
    } catch (InvalidPolicyException e) {
      throw new ConfigurationException(
          Setting.TENANT_RETENTION.displayName()
              + " / "
              + Setting.LEGAL_HOLD.displayName()
              + ": "
              + e.getMessage());
    }
  }

  private int days(Setting setting) {
    Optional<SourcedValue> value = raw.get(setting);
    if (value.isEmpty()) {
      return RetentionPolicy.DEFAULT_DAYS;
    }
    return parseDays(value.get().value(), value.get().origin(setting));
  }

  private static int parseDays(String text, String origin) {
    long days;
    try {
      days = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(origin + ": '" + text + "' is not a whole number of days");
    }
    if (days < RetentionPolicy.MIN_DAYS || days > RetentionPolicy.MAX_DAYS) {
      throw new ConfigurationException(
          origin
              + ": retention must be between "
              + RetentionPolicy.MIN_DAYS
              + " and "
              + RetentionPolicy.MAX_DAYS
              + " days, got "
              + text);
    }
    return (int) days;
  }

  /** {@code org-a=180,org-b=30}; every malformed entry is an error, never skipped. */
  private Map<OrganizationId, Integer> tenantRetention() {
    Optional<SourcedValue> value = raw.get(Setting.TENANT_RETENTION);
    Map<OrganizationId, Integer> overrides = new LinkedHashMap<>();
    if (value.isEmpty()) {
      return overrides;
    }
    String origin = value.get().origin(Setting.TENANT_RETENTION);
    for (String entry : value.get().value().split(",", -1)) {
      String trimmed = entry.trim();
      int equals = trimmed.indexOf('=');
      if (equals < 0) {
        throw new ConfigurationException(
            origin + ": '" + trimmed + "' is not of the form organization=days");
      }
      String org = trimmed.substring(0, equals).trim();
      String days = trimmed.substring(equals + 1).trim();
      if (org.isEmpty()) {
        throw new ConfigurationException(origin + ": '" + trimmed + "' names no organization");
      }
      if (days.isEmpty()) {
        throw new ConfigurationException(origin + ": '" + trimmed + "' gives no number of days");
      }
      OrganizationId id = organization(org, origin);
      if (overrides.put(id, parseDays(days, origin + " for " + org)) != null) {
        throw new ConfigurationException(origin + ": organization " + org + " is listed twice");
      }
    }
    return overrides;
  }

  private Set<OrganizationId> legalHolds() {
    Optional<SourcedValue> value = raw.get(Setting.LEGAL_HOLD);
    Set<OrganizationId> holds = new LinkedHashSet<>();
    if (value.isEmpty()) {
      return holds;
    }
    String origin = value.get().origin(Setting.LEGAL_HOLD);
    for (String entry : value.get().value().split(",", -1)) {
      String org = entry.trim();
      if (org.isEmpty()) {
        throw new ConfigurationException(
            origin + ": empty organization id in '" + value.get().value() + "'");
      }
      if (!holds.add(organization(org, origin))) {
        throw new ConfigurationException(origin + ": organization " + org + " is listed twice");
      }
    }
    return holds;
  }

  private static OrganizationId organization(String text, String origin) {
    try {
      return new OrganizationId(text);
    } catch (InvalidPolicyException e) {
      throw new ConfigurationException(origin + ": " + e.getMessage());
    }
  }

  public CleanupGuards guards() {
    boolean allowFullWipe = bool(Setting.ALLOW_FULL_WIPE, false);
    Optional<SourcedValue> fraction = raw.get(Setting.MAX_DELETE_FRACTION);
    if (fraction.isEmpty()) {
      return new CleanupGuards(allowFullWipe, Optional.empty());
    }
    String origin = fraction.get().origin(Setting.MAX_DELETE_FRACTION);
    double parsed;
    try {
      parsed = Double.parseDouble(fraction.get().value());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          origin + ": '" + fraction.get().value() + "' is not a number between 0 and 1");
    }
    if (Double.isNaN(parsed) || parsed < 0 || parsed > 1) {
      throw new ConfigurationException(
          origin + ": must be between 0 and 1, got " + fraction.get().value());
    }
    return new CleanupGuards(allowFullWipe, Optional.of(parsed));
  }

  public OptionalInt batchSize() {
    Optional<SourcedValue> value = raw.get(Setting.BATCH_SIZE);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(
        intInRange(value.get(), Setting.BATCH_SIZE, 1, 1_000_000, "rows per batch"));
  }

  public Duration lockWait() {
    Optional<SourcedValue> value = raw.get(Setting.LOCK_WAIT);
    if (value.isEmpty()) {
      return AppSettings.DEFAULT_LOCK_WAIT;
    }
    Duration wait;
    try {
      wait = DurationText.parsePositive(value.get().value());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          value.get().origin(Setting.LOCK_WAIT) + ": " + e.getMessage());
    }
    if (wait.toMillis() < 1 || wait.compareTo(AppSettings.MAX_LOCK_WAIT) > 0) {
      throw new ConfigurationException(
          value.get().origin(Setting.LOCK_WAIT)
              + ": must be between 1ms and 1h, got "
              + value.get().value());
    }
    return wait;
  }

  public Duration statementTimeout() {
    Optional<SourcedValue> value = raw.get(Setting.STATEMENT_TIMEOUT);
    if (value.isEmpty()) {
      return AppSettings.DEFAULT_STATEMENT_TIMEOUT;
    }
    Duration timeout;
    try {
      timeout = DurationText.parsePositive(value.get().value());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          value.get().origin(Setting.STATEMENT_TIMEOUT) + ": " + e.getMessage());
    }
    if (timeout.toMillis() < 1 || timeout.compareTo(AppSettings.MAX_STATEMENT_TIMEOUT) > 0) {
      throw new ConfigurationException(
          value.get().origin(Setting.STATEMENT_TIMEOUT)
              + ": must be between 1ms and 24h, got "
              + value.get().value());
    }
    return timeout;
  }

  public VacuumMode vacuum() {
    Optional<SourcedValue> value = raw.get(Setting.VACUUM);
    if (value.isEmpty()) {
      return VacuumMode.OFF;
    }
    try {
      return VacuumMode.parse(value.get().value());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(value.get().origin(Setting.VACUUM) + ": " + e.getMessage());
    }
  }

  /** {@code file:<directory>} or {@code table:<name>}; null when not set. */
  public ArchiveTarget archive() {
    Optional<SourcedValue> value = raw.get(Setting.ARCHIVE);
    if (value.isEmpty()) {
      return null;
    }
    String origin = value.get().origin(Setting.ARCHIVE);
    ArchiveTarget target;
    try {
      target = ArchiveTarget.parse(value.get().value());
      if (target.kind() == ArchiveTarget.Kind.TABLE) {
        TableRowArchive.requireArchiveName(TableName.of(table()), TableName.of(target.location()));
      } else {
        java.nio.file.Path.of(target.location());
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(origin + ": " + e.getMessage());
    }
    return target;
  }

  /** A run's time budget, 1 s to 30 days; null when not set. */
  public Duration maxDuration() {
    Optional<SourcedValue> value = raw.get(Setting.MAX_DURATION);
    if (value.isEmpty()) {
      return null;
    }
    Duration budget;
    try {
      budget = DurationText.parsePositive(value.get().value());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          value.get().origin(Setting.MAX_DURATION) + ": " + e.getMessage());
    }
    if (budget.compareTo(AppSettings.MIN_MAX_DURATION) < 0
        || budget.compareTo(AppSettings.MAX_MAX_DURATION) > 0) {
      throw new ConfigurationException(
          value.get().origin(Setting.MAX_DURATION)
              + ": must be between 1s and 30d, got "
              + value.get().value());
    }
    return budget;
  }

  private int httpPort() {
    Optional<SourcedValue> value = raw.get(Setting.HTTP_PORT);
    return value.isEmpty()
        ? AppSettings.DEFAULT_HTTP_PORT
        : intInRange(value.get(), Setting.HTTP_PORT, 0, 65_535, "a TCP port (0 = off)");
  }

  /** An IP address (or a name of this host); checked here so that a typo exits 2 at once. */
  private String httpBind() {
    Optional<SourcedValue> value = raw.get(Setting.HTTP_BIND);
    if (value.isEmpty()) {
      return AppSettings.DEFAULT_HTTP_BIND;
    }
    String address = value.get().value().trim();
    try {
      InetAddress.getByName(address);
    } catch (UnknownHostException | SecurityException e) {
      throw new ConfigurationException(
          value.get().origin(Setting.HTTP_BIND)
              + ": '"
              + value.get().value()
              + "' is not an address to listen on (e.g. 127.0.0.1, 0.0.0.0 or ::)");
    }
    return address;
  }

  private ZoneId timezone() {
    Optional<SourcedValue> value = raw.get(Setting.TIMEZONE);
    if (value.isEmpty()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(value.get().value());
    } catch (DateTimeException e) {
      throw new ConfigurationException(
          value.get().origin(Setting.TIMEZONE)
              + ": unknown time zone '"
              + value.get().value()
              + "'");
    }
  }

  private String logLevel() {
    Optional<SourcedValue> value = raw.get(Setting.LOG_LEVEL);
    if (value.isEmpty()) {
      return "INFO";
    }
    String level = value.get().value().toUpperCase(Locale.ROOT);
    if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "OFF").contains(level)) {
      throw new ConfigurationException(
          value.get().origin(Setting.LOG_LEVEL)
              + ": unknown log level '"
              + value.get().value()
              + "' (TRACE, DEBUG, INFO, WARN, ERROR, OFF)");
    }
    return level.equals("WARNING") ? "WARN" : level;
  }

  private String text(Setting setting, String fallback) {
    return raw.get(setting).map(SourcedValue::value).orElse(fallback);
  }

  private boolean bool(Setting setting, boolean fallback) {
    Optional<SourcedValue> value = raw.get(setting);
    if (value.isEmpty()) {
      return fallback;
    }
    return switch (value.get().value().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw new ConfigurationException(
              value.get().origin(setting) + ": '" + value.get().value() + "' is not true or false");
    };
  }

  private static int intInRange(
      SourcedValue value, Setting setting, int min, int max, String what) {
    long parsed;
    try {
      parsed = Long.parseLong(value.value());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          value.origin(setting) + ": '" + value.value() + "' is not a whole number (" + what + ")");
    }
    if (parsed < min || parsed > max) {
      throw new ConfigurationException(
          value.origin(setting)
              + ": must be between "
              + min
              + " and "
              + max
              + " ("
              + what
              + "), got "
              + value.value());
    }
    return (int) parsed;
  }
}
