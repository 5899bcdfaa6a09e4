package ai.mai.retention.core.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An archive manifest read back by the tests: the writer puts one field on a line ({@code "name":
 * value}), so each line is read on its own, the values kept as JSON text; strings, numbers and the
 * organizations' object are decoded on request. No JSON library in core's tests.
 */
public final class ArchiveManifestFields {

  private final Map<String, String> fields;

  private ArchiveManifestFields(Map<String, String> fields) {
    this.fields = fields;
  }

  public static ArchiveManifestFields read(Path manifest) {
    String json;
    try {
      json = Files.readString(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : json.split("\n")) {
      if (!line.startsWith("  \"")) {
        continue;
      }
      int colon = line.indexOf("\": ");
      String value = line.substring(colon + 3);
      fields.put(
          line.substring(3, colon),
          value.endsWith(",") ? value.substring(0, value.length() - 1) : value);
    }
    return new ArchiveManifestFields(fields);
  }

  public boolean has(String name) {
    return fields.containsKey(name);
  }

  /** The field's JSON text, {@code null} included. */
  public String raw(String name) {
    if (!fields.containsKey(name)) {
      throw new IllegalArgumentException("the manifest has no field " + name + ": " + fields);
    }
    return fields.get(name);
  }

  public String text(String name) {
    String raw = raw(name);
    return raw.equals("null") ? null : (String) new Parser(raw).value();
  }

  public long number(String name) {
    return Long.parseLong(raw(name));
  }

  public boolean bool(String name) {
    return Boolean.parseBoolean(raw(name));
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String name) {
    return (List<String>) new Parser(raw(name)).value();
  }

  /** {@code organizations}: organization to rows. */
  @SuppressWarnings("unchecked")
  public Map<String, Long> counts(String name) {
    return (Map<String, Long>) new Parser(raw(name)).value();
  }

  @Override
  public String toString() {
    return fields.toString();
  }

  /** Strings, whole numbers, arrays and objects of them: what a manifest holds. */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    Object value() {
      char c = text.charAt(at);
      if (c == '"') {
        return string();
      }
      if (c == '[') {
        List<String> values = new ArrayList<>();
        at++;
        while (text.charAt(at) != ']') {
          values.add(string());
          if (text.charAt(at) == ',') {
            at++;
          }
        }
        at++;
        return values;
      }
      if (c == '{') {
        Map<String, Long> values = new TreeMap<>();
        at++;
        while (text.charAt(at) != '}') {
          String key = string();
          at++; // ':'
          int start = at;
          while (Character.isDigit(text.charAt(at)) || text.charAt(at) == '-') {
            at++;
          }
          values.put(key, Long.parseLong(text.substring(start, at)));
          if (text.charAt(at) == ',') {
            at++;
          }
        }
        at++;
        return values;
      }
      throw new IllegalArgumentException("not a value the manifest writes: " + text);
    }

    private String string() {
      StringBuilder value = new StringBuilder();
      at++; // opening quote
      while (text.charAt(at) != '"') {
        char c = text.charAt(at++);
        if (c != '\\') {
          value.append(c);
          continue;
        }
        char escaped = text.charAt(at++);
        switch (escaped) {
          case 'n' -> value.append('\n');
          case 'r' -> value.append('\r');
          case 't' -> value.append('\t');
          case 'u' -> {
            value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> value.append(escaped);
        }
      }
      at++; // closing quote
      return value.toString();
    }
  }
}
