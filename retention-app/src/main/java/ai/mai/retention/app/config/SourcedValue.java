package ai.mai.retention.app.config;

/** A raw setting value and where it came from. */
public record SourcedValue(String value, SettingSource source) {

  /**
   * "CLEANUP_RETENTION_DAYS (environment)" or "--retention-days / CLEANUP_RETENTION_DAYS (flag)",
   * for error messages.
   */
  public String origin(Setting setting) {
    return switch (source) {
      case FLAG -> setting.displayName() + " (flag)";
      case ENVIRONMENT -> setting.environmentVariable() + " (environment)";
      case CONFIG_FILE -> setting.environmentVariable() + " (config file)";
      case DATABASE_URL -> "DATABASE_URL (environment)";
      case DEFAULT -> setting.displayName() + " (default)";
    };
  }
}
