package ai.mai.retention.adapter.jdbc;

import java.util.Collection;

/**
 * The little JSON the adapters write: string literals, and arrays of them. Organization ids reach
 * SQL only as bound JSON text (SQLite {@code json_each}, PostgreSQL {@code jsonb}), never spliced.
 * {@link #parse} reads back what they wrote into the audit table (the storage details), so that the
 * adapters need no JSON library.
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

  /**
   * Reads one JSON value: objects as insertion-ordered {@code Map<String, Object>}, arrays as
   * {@code List<Object>}, numbers as {@link java.math.BigDecimal}, strings, booleans and null.
   *
   * @throws IllegalArgumentException saying where the text stops being JSON
   */
  static Object parse(String text) {
    Reader reader = new Reader(text);
    Object value = reader.value();
    reader.skipSpace();
    if (reader.at < text.length()) {
      throw reader.error("unexpected text after the value");
    }
    return value;
  }

  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    Object value() {
      skipSpace();
      if (at >= text.length()) {
        throw error("a value is missing");
      }
      char c = text.charAt(at);
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        case 't' -> word("true", Boolean.TRUE);
        case 'f' -> word("false", Boolean.FALSE);
        case 'n' -> word("null", null);
        default -> number();
      };
    }

    private java.util.Map<String, Object> object() {
      java.util.Map<String, Object> object = new java.util.LinkedHashMap<>();
      at++;
      skipSpace();
      if (peek() == '}') {
        at++;
        return object;
      }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw error("a key is missing");
        }
        String key = string();
        skipSpace();
        expect(':');
        object.put(key, value());
        skipSpace();
        if (peek() == ',') {
          at++;
        } else {
          expect('}');
          return object;
        }
      }
    }

    private java.util.List<Object> array() {
      java.util.List<Object> array = new java.util.ArrayList<>();
      at++;
      skipSpace();
      if (peek() == ']') {
        at++;
        return array;
      }
      while (true) {
        array.add(value());
        skipSpace();
        if (peek() == ',') {
          at++;
        } else {
          expect(']');
          return array;
        }
      }
    }

    private String string() {
      StringBuilder value = new StringBuilder();
      at++;
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return value.toString();
        }
        if (c != '\\') {
          value.append(c);
          continue;
        }
        if (at >= text.length()) {
          break;
        }
        char escaped = text.charAt(at++);
        switch (escaped) {
          case '"', '\\', '/' -> value.append(escaped);
          case 'b' -> value.append('\b');
          case 'f' -> value.append('\f');
          case 'n' -> value.append('\n');
          case 'r' -> value.append('\r');
          case 't' -> value.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw error("a \\u escape is cut short");
            }
            try {
              value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            } catch (NumberFormatException e) {
              throw error("a \\u escape is not hexadecimal");
            }
            at += 4;
          }
          default -> throw error("an unknown escape \\" + escaped);
        }
      }
      throw error("a string is not closed");
    }

    private Object word(String word, Object value) {
      if (!text.startsWith(word, at)) {
        throw error("unexpected text");
      }
      at += word.length();
      return value;
    }

    private java.math.BigDecimal number() {
      int start = at;
      while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      try {
        return new java.math.BigDecimal(text.substring(start, at));
      } catch (NumberFormatException e) {
        at = start;
        throw error("unexpected text");
      }
    }

    private char peek() {
      return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char wanted) {
      if (peek() != wanted) {
        throw error("'" + wanted + "' expected");
      }
      at++;
    }

    void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at character " + (at + 1));
    }
  }
}
