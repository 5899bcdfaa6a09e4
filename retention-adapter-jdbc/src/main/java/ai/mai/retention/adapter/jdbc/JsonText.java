package ai.mai.retention.adapter.jdbc;

import java.util.Collection;

/**
 * The little JSON the adapters write: string literals, and arrays of them. Organization ids reach
 * SQL only as bound JSON text (SQLite {@code json_each}, PostgreSQL {@code jsonb}), never spliced.
 */
final class JsonText {

  private JsonText() {}

  /** {@code ["a","b"]}. */
  static String array(Collection<String> values) {
    StringBuilder json = new StringBuilder("[");
    boolean first = true;
    for (String value : values) {
      if (!first) {
        json.append(',');
      }
      first = false;
      appendString(json, value);
    }
    return json.append(']').toString();
  }

  /** {@code {"a":1,"b":2}}, in the map's order. */
  static String object(java.util.Map<String, Long> values) {
    StringBuilder json = new StringBuilder("{");
    boolean first = true;
    for (java.util.Map.Entry<String, Long> entry : values.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      appendString(json, entry.getKey());
      json.append(':').append(entry.getValue().longValue());
    }
    return json.append('}').toString();
  }

  /** Appends {@code value} as a JSON string literal, escaped. */
  static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
