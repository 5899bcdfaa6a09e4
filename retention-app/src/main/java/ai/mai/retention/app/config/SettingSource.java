package ai.mai.retention.app.config;

/** Where a setting's value came from; {@code config} prints it next to the value. */
public enum SettingSource {
  FLAG("flag"),
  ENVIRONMENT("environment"),
  CONFIG_FILE("config file"),
  DATABASE_URL("DATABASE_URL"),
  DEFAULT("default");

  private final String label;

  SettingSource(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
