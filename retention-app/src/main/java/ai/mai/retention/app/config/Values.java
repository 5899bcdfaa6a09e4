package ai.mai.retention.app.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Setting values as operators write them, turned into what a builder takes. Only the text's form is
 * checked here (a number, a list, a switch); what values are allowed is the library's to say. Each
 * throws a {@link ConfigurationException} whose message is the problem alone: {@link Configuration}
 * puts the setting and where its value came from in front.
 */
final class Values {

  private Values() {}

  /**
   * A whole number. One outside {@code int} is passed on as the nearest {@code int}, for the
   * library to refuse with its bounds (the message then shows the value as written).
   */
  static int wholeNumber(String text, String what) {
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException("'" + text + "' is not a whole number of " + what);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  /** {@code org-a=180,org-b=30}; every malformed entry is an error, never skipped. */
  static Map<String, Integer> daysByOrganization(String text) {
    Map<String, Integer> days = new LinkedHashMap<>();
    for (String entry : text.split(",", -1)) {
      String trimmed = entry.trim();
      int equals = trimmed.indexOf('=');
      if (equals < 0) {
        throw new ConfigurationException("'" + trimmed + "' is not of the form organization=days");
      }
      String organization = trimmed.substring(0, equals).trim();
      String number = trimmed.substring(equals + 1).trim();
      if (organization.isEmpty()) {
        throw new ConfigurationException("'" + trimmed + "' names no organization");
      }
      if (number.isEmpty()) {
        throw new ConfigurationException("'" + trimmed + "' gives no number of days");
      }
      if (days.put(organization, wholeNumber(number, "days")) != null) {
        throw new ConfigurationException("organization " + organization + " is listed twice");
      }
    }
    return days;
  }

  /** {@code org-c,org-d}; an empty entry or one listed twice is an error. */
  static Set<String> organizations(String text) {
    Set<String> organizations = new LinkedHashSet<>();
    for (String entry : text.split(",", -1)) {
      String organization = entry.trim();
      if (organization.isEmpty()) {
        throw new ConfigurationException("empty organization id in '" + text + "'");
      }
      if (!organizations.add(organization)) {
        throw new ConfigurationException("organization " + organization + " is listed twice");
      }
    }
    return organizations;
  }

  static boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigurationException("'" + text + "' is not true or false");
    };
  }

  static double fraction(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new ConfigurationException("'" + text + "' is not a number between 0 and 1");
    }
  }

  /** The HTTP server's port: the app's own setting. */
  static int port(String text) {
    int port = wholeNumber(text, "a TCP port (0 = off)");
    if (port < 0 || port > 65_535) {
      throw new ConfigurationException(
          "must be between 0 and 65535 (a TCP port, 0 = off), got " + text);
    }
    return port;
  }

  /** An IP address (or a name of this host); checked here so that a typo exits 2 at once. */
  static String listenAddress(String text) {
    String address = text.trim();
    try {
      InetAddress.getByName(address);
    } catch (UnknownHostException | SecurityException e) {
      throw new ConfigurationException(
          "'" + text + "' is not an address to listen on (e.g. 127.0.0.1, 0.0.0.0 or ::)");
    }
    return address;
  }

  static String logLevel(String text) {
    String level = text.toUpperCase(Locale.ROOT);
    if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "OFF").contains(level)) {
      throw new ConfigurationException(
          "unknown log level '" + text + "' (TRACE, DEBUG, INFO, WARN, ERROR, OFF)");
    }
    return level.equals("WARNING") ? "WARN" : level;
  }

  static String passwordFile(String text) {
    Path path = Path.of(text);
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigurationException("cannot read password file " + path);
    }
    if (content.isEmpty()) {
      throw new ConfigurationException("password file is empty: " + path);
    }
    return Secrets.remember(content);
  }
}
