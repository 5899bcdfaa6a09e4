package ai.mai.retention.adapter.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The manifest beside an archive file, {@code <...>.manifest.json}: one JSON object, a field a
 * line, in the order the fields are added. Written by a run that finishes its file ({@link
 * ArchiveFileWriter}) and, for a run that was killed, by the run that journals it interrupted
 * ({@link InterruptedArchiveFiles}); both the same way, {@link #write(Path) atomically}.
 */
final class ArchiveManifest {

  private static final String FILE_SUFFIX = ".csv.gz";
  private static final String MANIFEST_SUFFIX = ".manifest.json";

  private final List<String> fields = new ArrayList<>();

  /** The manifest's path beside {@code file}: {@code x.csv.gz} has {@code x.manifest.json}. */
  static Path beside(Path file) {
    String name = file.getFileName().toString();
    String base =
        name.endsWith(FILE_SUFFIX) ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name;
    return file.resolveSibling(base + MANIFEST_SUFFIX);
  }

  /** A string field; null is written as JSON {@code null}. */
  ArchiveManifest text(String name, String value) {
    StringBuilder json = new StringBuilder();
    if (value == null) {
      json.append("null");
    } else {
      JsonText.appendString(json, value);
    }
    return add(name, json.toString());
  }

  ArchiveManifest number(String name, long value) {
    return add(name, Long.toString(value));
  }

  /** A number field; null is written as JSON {@code null}. */
  ArchiveManifest number(String name, Long value) {
    return add(name, value == null ? "null" : value.toString());
  }

  ArchiveManifest bool(String name, boolean value) {
    return add(name, Boolean.toString(value));
  }

  /** An array of strings; null is written as JSON {@code null}. */
  ArchiveManifest array(String name, Collection<String> values) {
    return add(name, values == null ? "null" : JsonText.array(values));
  }

  /** {@code {"org":n,...}} in the map's order. */
  ArchiveManifest counts(String name, Map<String, Long> values) {
    return add(name, JsonText.object(values));
  }

  private ArchiveManifest add(String name, String json) {
    StringBuilder field = new StringBuilder("  ");
    JsonText.appendString(field, name);
    fields.add(field.append(": ").append(json).toString());
    return this;
  }

  String json() {
    return "{\n" + String.join(",\n", fields) + "\n}\n";
  }

  /**
   * Writes the manifest so that it is either absent, the old one, or complete, never half written:
   * to {@code <manifest>.tmp}, synced, renamed over {@code manifest}, then the directory synced.
   */
  void write(Path manifest) throws IOException {
    Path temporary = manifest.resolveSibling(manifest.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(json().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(
        temporary, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    FileRowArchive.syncDirectory(manifest.getParent());
  }
}
