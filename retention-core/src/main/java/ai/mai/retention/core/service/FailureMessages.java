package ai.mai.retention.core.service;

import java.util.regex.Pattern;

/** Turns an exception into a journal-safe one-liner: bounded length, no credentials. */
public final class FailureMessages {

  /** Long enough for a driver's message and its cause, short enough for a health dashboard. */
  public static final int MAX_LENGTH = 1000;

  // Up to the last '@' of the authority, so a password containing '@' is masked whole.
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)(://[^/:@\\s]*):[^\\s/]*@");
  // Also the JSON form "password":"secret".
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password|passwd|pwd)(\"?\\s*[=:]\\s*)[^&;,\\s]+");

  private FailureMessages() {}

  public static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    Throwable current = failure;
    int depth = 0;
    while (current != null && depth < 4) {
      if (text.length() > 0) {
        text.append(" <- ");
      }
      String message = essence(current);
      text.append(current.getClass().getSimpleName());
      if (message != null && !message.isBlank()) {
        text.append(": ").append(message);
      }
      current = current.getCause() == current ? null : current.getCause();
      depth++;
    }
    return sanitize(text.toString());
  }

  /**
   * What a message adds to its chain. MyBatis wraps every driver error in a report of many lines
   * ("### Error querying database. Cause: [the cause again] ### The error may exist in [mapper] ###
   * SQL: [statement]"): its first phrase is kept, the cause follows in the chain anyway. A wrapper
   * whose message is just its cause's {@code toString()} adds nothing.
   */
  private static String essence(Throwable failure) {
    String message = failure.getMessage();
    if (message == null) {
      return null;
    }
    String text = message.strip();
    if (failure.getCause() != null && text.equals(failure.getCause().toString())) {
      return null;
    }
    if (text.startsWith("###")) {
      String first = text.substring(3).strip();
      int end = first.length();
      for (String marker : new String[] {"Cause:", "\n", "###"}) {
        int at = first.indexOf(marker);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      return first.substring(0, end).strip();
    }
    return text;
  }

  public static String sanitize(String message) {
    if (message == null) {
      return null;
    }
    String clean = URL_CREDENTIALS.matcher(message).replaceAll("$1:***@");
    clean = PASSWORD_PARAMETER.matcher(clean).replaceAll("$1$2***");
    clean = clean.replaceAll("\\s+", " ");
    return clean.length() <= MAX_LENGTH ? clean : clean.substring(0, MAX_LENGTH - 3) + "...";
  }
}
