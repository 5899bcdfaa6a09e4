package ai.mai.retention.app.config;

import java.util.Optional;

/**
 * Every setting the app reads, with its environment variable (also its key in a {@code --config}
 * properties file) and its command-line flag. Precedence: flag > environment > config file >
 * default.
 */
public enum Setting {
  DB_URL("RETENTION_DB_URL", "--db", false),
  DB_USER("RETENTION_DB_USER", "--db-user", false),
  DB_PASSWORD("RETENTION_DB_PASSWORD", null, true),
  DB_PASSWORD_FILE("RETENTION_DB_PASSWORD_FILE", "--db-password-file", false),
  TABLE("RETENTION_TABLE", "--table", false),
  RETENTION_DAYS("CLEANUP_RETENTION_DAYS", "--retention-days", false),
  TENANT_RETENTION("CLEANUP_TENANT_RETENTION_DAYS", "--tenant-retention", false),
  LEGAL_HOLD("CLEANUP_LEGAL_HOLD", "--legal-hold", false),
  ALLOW_FULL_WIPE("CLEANUP_ALLOW_FULL_WIPE", "--allow-full-wipe", false),
  MAX_DELETE_FRACTION("CLEANUP_MAX_DELETE_FRACTION", "--max-delete-fraction", false),
  BATCH_SIZE("CLEANUP_BATCH_SIZE", "--batch-size", false),
  LOCK_WAIT("RETENTION_LOCK_WAIT", "--lock-wait", false),
  STATEMENT_TIMEOUT("RETENTION_STATEMENT_TIMEOUT", "--statement-timeout", false),
  VACUUM("CLEANUP_VACUUM", "--vacuum", false),
  ARCHIVE("CLEANUP_ARCHIVE", "--archive", false),
  MAX_DURATION("CLEANUP_MAX_DURATION", "--max-duration", false),
  ENABLED("CLEANUP_ENABLED", null, false),
  CRON("CLEANUP_CRON", "--cron", false),
  TIMEZONE("CLEANUP_TIMEZONE", "--timezone", false),
  CLUSTERED("CLEANUP_CLUSTERED", "--clustered", false),
  HTTP_PORT("RETENTION_HTTP_PORT", "--http-port", false),
  HTTP_BIND("RETENTION_HTTP_BIND", "--http-bind", false),
  LOG_LEVEL("LOG_LEVEL", "--log-level", false);

  private final String environmentVariable;
  private final String flag;
  private final boolean secret;

  Setting(String environmentVariable, String flag, boolean secret) {
    this.environmentVariable = environmentVariable;
    this.flag = flag;
    this.secret = secret;
  }

  public String environmentVariable() {
    return environmentVariable;
  }

  public Optional<String> flag() {
    return Optional.ofNullable(flag);
  }

  public boolean isSecret() {
    return secret;
  }

  /** How error messages name the setting: {@code --retention-days / CLEANUP_RETENTION_DAYS}. */
  public String displayName() {
    return flag == null ? environmentVariable : flag + " / " + environmentVariable;
  }
}
