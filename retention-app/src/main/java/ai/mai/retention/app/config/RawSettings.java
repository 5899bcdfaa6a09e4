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
            "--config " + configFile.get() + ": unknown setting '" + name + "'");
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
      if (present(flag)) {
        values.put(setting, new SourcedValue(flag.trim(), SettingSource.FLAG));
      } else if (present(env)) {
        values.put(setting, new SourcedValue(env.trim(), SettingSource.ENVIRONMENT));
      } else if (present(file)) {
        values.put(setting, new SourcedValue(file.trim(), SettingSource.CONFIG_FILE));
      }
    }
    return new RawSettings(values, environment);
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
    return properties;
  }
}
