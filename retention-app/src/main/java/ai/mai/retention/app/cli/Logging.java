package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.Setting;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The root log level: set from --log-level / LOG_LEVEL before anything logs, then from the resolved
 * settings (which also read a {@code --config} file).
 */
public final class Logging {

  private Logging() {}

  public static void configure(String[] args, Map<String, String> environment) {
    Setting setting = Setting.LOG_LEVEL;
    String flag = setting.flag().orElseThrow();
    String level = environment.getOrDefault(setting.environmentVariable(), setting.defaultText());
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(flag) && i + 1 < args.length) {
        level = args[i + 1];
      } else if (args[i].startsWith(flag + "=")) {
        level = args[i].substring(flag.length() + 1);
      }
    }
    String normalized = level.trim().toUpperCase(Locale.ROOT);
    // An unknown level is reported by the settings check (exit 2); until then keep INFO.
    setLevel(normalized.equals("WARNING") ? "WARN" : normalized);
  }

  /** Sets the root level; an unknown name leaves INFO. */
  static void setLevel(String level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
  }

  /** True at DEBUG or TRACE: stack traces are printed then, and only then. */
  public static boolean debugging() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    return root.getLevel() != null && !root.getLevel().isGreaterOrEqual(Level.INFO);
  }
}
