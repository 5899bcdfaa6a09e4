package ai.mai.retention.app.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secret values this process has read (database passwords), so that no message it prints can carry
 * one, whatever a driver or library put into an exception text.
 */
public final class Secrets {

  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

  private Secrets() {}

  public static String remember(String secret) {
    if (secret != null && secret.length() >= 3) {
      KNOWN.add(secret);
    }
    return secret;
  }

  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String clean = text;
    for (String secret : KNOWN) {
      clean = clean.replace(secret, "****");
    }
    return clean;
  }
}
