package ai.mai.retention.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Sets the root log level from --log-level / LOG_LEVEL before anything logs. */
final class Logging {

  private Logging() {}

  static void configure(String[] args, Map<String, String> environment) {
    String level = environment.getOrDefault("LOG_LEVEL", "INFO");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-level") && i + 1 < args.length) {
        level = args[i + 1];
      } else if (args[i].startsWith("--log-level=")) {
        level = args[i].substring("--log-level=".length());
      }
    }
    String normalized = level.trim().toUpperCase(Locale.ROOT);
    if (normalized.equals("WARNING")) {
      normalized = "WARN";
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    // An unknown level is reported by the settings check (exit 2); until then keep INFO.
    root.setLevel(Level.toLevel(normalized, Level.INFO));
  }

  /** True at DEBUG or TRACE: stack traces are printed then, and only then. */
  static boolean debugging() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    return root.getLevel() != null && !root.getLevel().isGreaterOrEqual(Level.INFO);
  }
}
