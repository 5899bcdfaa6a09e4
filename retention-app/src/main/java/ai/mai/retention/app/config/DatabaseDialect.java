package ai.mai.retention.app.config;

/** The databases the app can clean, chosen from the JDBC URL. */
public enum DatabaseDialect {
  SQLITE("jdbc:sqlite:"),
  POSTGRESQL("jdbc:postgresql:");

  private final String urlPrefix;

  DatabaseDialect(String urlPrefix) {
    this.urlPrefix = urlPrefix;
  }

  public String urlPrefix() {
    return urlPrefix;
  }
}
