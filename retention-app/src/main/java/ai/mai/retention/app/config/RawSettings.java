package ai.mai.retention.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The layered raw values: flag > environment > config file; defaults are applied when typed. Blank
 * values count as unset, so {@code CLEANUP_BATCH_SIZE=} in a compose file means "default".
 */
public final class RawSettings {

  private final Map<Setting, SourcedValue> values;
  private final Map<String, String> environment;

  private RawSettings(Map<Setting, SourcedValue> values, Map<String, String> environment) {
    this.values = values;
    this.environment = environment;
  }

  public static RawSettings load(
      Map<Setting, String> flags, Map<String, String> environment, Optional<Path> configFile) {
    Map<Setting, SourcedValue> values = new EnumMap<>(Setting.class);
    Properties fileValues = configFile.map(RawSettings::readConfigFile).orElseGet(Properties::new);
    for (Object key : fileValues.keySet()) {
      String name = key.toString().trim();
      if (java.util.Arrays.stream(Setting.values())
          .noneMatch(setting -> setting.environmentVariable().equals(name))) {
        throw new ConfigurationException(
            "--config " + configFile.get() + ": unknown setting '" + visible(name) + "'");
      }
    }
    for (Setting setting : Setting.values()) {
      String flag = flags.get(setting);
      String env = environment.get(setting.environmentVariable());
      String file = fileValues.getProperty(setting.environmentVariable());
      if (flag != null && flag.isBlank()) {
        throw new ConfigurationException(
            setting.flag().orElse(setting.environmentVariable()) + ": empty value");
      }
      SourcedValue value = null;
      if (present(flag)) {
        value = new SourcedValue(flag.trim(), SettingSource.FLAG);
      } else if (present(env)) {
        value = new SourcedValue(env.trim(), SettingSource.ENVIRONMENT);
      } else if (present(file)) {
        value = new SourcedValue(file.trim(), SettingSource.CONFIG_FILE);
      }
      if (value != null) {
        values.put(setting, value);
      }
    }
    return new RawSettings(values, environment);
  }

  /**
   * A value copied from a document or an editor may carry a character no one sees (a no-break
   * space, a zero-width space, a byte order mark, a control character) that makes it fail as "not a
   * number" or "unknown organization" while it looks right. Name it instead. A password may hold
   * anything and is left alone. Checked by the commands that take the setting only.
   */
  static void requireVisible(Setting setting, SourcedValue value) {
    if (setting.isSecret()) {
      return;
    }
    String text = value.value();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isInvisible(c)) {
        // A URL may carry a password: say where, not what.
        String shown = setting == Setting.DB_URL ? "" : " '" + visible(text) + "'";
        throw new ConfigurationException(
            value.origin(setting)
                + ": the value"
                + shown
                + " holds an invisible character "
                + String.format(java.util.Locale.ROOT, "U+%04X", (int) c)
                + " at position "
                + (i + 1)
                + "; retype it");
      }
    }
  }

  private static boolean isInvisible(char c) {
    return Character.isISOControl(c)
        || Character.isSpaceChar(c) && c != ' '
        || Character.getType(c) == Character.FORMAT;
  }

  /** The text with every invisible character written as a Java escape (backslash, u, 4 hex). */
  static String visible(String text) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      shown.append(isInvisible(c) ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c) : c);
    }
    return shown.toString();
  }

  public Optional<SourcedValue> get(Setting setting) {
    return Optional.ofNullable(values.get(setting));
  }

  public Optional<String> environment(String name) {
    String value = environment.get(name);
    return present(value) ? Optional.of(value.trim()) : Optional.empty();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static Properties readConfigFile(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ConfigurationException("--config: file not found: " + path);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("--config: cannot read " + path + ": " + e.getMessage(), e);
    }
    // Editors on Windows start a UTF-8 file with a byte order mark, which would stick to the first
    // key and make it unknown.
    Properties cleaned = new Properties();
    properties.forEach((key, value) -> cleaned.put(key.toString().replace("\uFEFF", ""), value));
    return cleaned;
  }
}
