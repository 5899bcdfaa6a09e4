package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.OrganizationBreakdown;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What an archive file holds as it stands on disk, read gzip member by gzip member: the header's
 * columns, the rows (and rows per organization) of the members that end intact (their checksum and
 * length right), where the damage begins if one does not, and the SHA-256 and size of every byte.
 *
 * <p>A run killed while it wrote a batch leaves a last member cut short (or, after a power loss,
 * bytes that are no gzip at all). {@code GZIPInputStream} fails on it and says nothing of how much
 * before it was sound; reading member by member (an {@link Inflater} per member, the trailer's
 * CRC-32 and length checked) tells exactly which rows can be read, and never stops at the damage:
 * it is reported.
 */
final class ArchiveFileContents {

  private static final int BUFFER_BYTES = 64 * 1024;
  private static final int FLAG_HEADER_CRC = 2;
  private static final int FLAG_EXTRA = 4;
  private static final int FLAG_NAME = 8;
  private static final int FLAG_COMMENT = 16;

  /**
   * @param columns the header's column names; empty when no intact member held a header
   * @param rows the rows of the intact members (the header not counted)
   * @param organizations those rows per {@code client_org_id} (a NULL as {@link
   *     OrganizationBreakdown#NO_ORGANIZATION}, as a run's own manifest counts them)
   * @param bytes the file's size
   * @param intactBytes the bytes of the intact members, from the start: all of them unless damaged
   * @param sha256 of all {@code bytes}, hex
   * @param damage what is wrong from {@code intactBytes} on; empty when every byte was sound
   */
  record Contents(
      Optional<List<String>> columns,
      long rows,
      Map<String, Long> organizations,
      long bytes,
      long intactBytes,
      String sha256,
      Optional<String> damage) {}

  private ArchiveFileContents() {}

  static Contents read(Path file) throws IOException {
    MessageDigest digest = ArchiveFileWriter.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      Source source = new Source(in);
      CsvCounter csv = new CsvCounter();
      long intactBytes = 0;
      String damage = null;
      Inflater inflater = new Inflater(true);
      try {
        while (damage == null && source.fill()) {
          damage = member(source, inflater, csv);
          if (damage == null) {
            csv.memberIntact();
            intactBytes = source.position();
          }
        }
      } finally {
        inflater.end();
      }
      // Every byte goes into the checksum, the damaged ones too: it is the file as it stands.
      long bytes = source.drain();
      long intact = intactBytes;
      return new Contents(
          csv.columns(),
          csv.rows,
          csv.organizations,
          bytes,
          intact,
          HexFormat.of().formatHex(digest.digest()),
          Optional.ofNullable(damage)
              .map(
                  what ->
                      String.format(
                          Locale.ROOT,
                          "its last %,d bytes (from byte %,d on) are %s",
                          bytes - intact,
                          intact,
                          what)));
    }
  }

  /**
   * Reads one member (RFC 1952) at the source's position, its rows into {@code csv}; null when it
   * ended intact, else what is wrong with it.
   */
  private static String member(Source source, Inflater inflater, CsvCounter csv)
      throws IOException {
    int[] magic = {0x1f, 0x8b, 8}; // and the method, deflate
    for (int expected : magic) {
      int b = source.read();
      if (b < 0) {
        return "a gzip member cut short in its header";
      }
      if (b != expected) {
        return "not a gzip member (no gzip header where one should begin)";
      }
    }
    int flags = source.read();
    if (flags < 0 || source.skip(6) < 6) {
      return "a gzip member cut short in its header";
    }
    if ((flags & FLAG_EXTRA) != 0) {
      int low = source.read();
      int high = source.read();
      if (high < 0 || source.skip(low | high << 8) < (low | high << 8)) {
        return "a gzip member cut short in its header";
      }
    }
    for (int flag : new int[] {FLAG_NAME, FLAG_COMMENT}) {
      if ((flags & flag) != 0) {
        for (int b = source.read(); b != 0; b = source.read()) {
          if (b < 0) {
            return "a gzip member cut short in its header";
          }
        }
      }
    }
    if ((flags & FLAG_HEADER_CRC) != 0 && source.skip(2) < 2) {
      return "a gzip member cut short in its header";
    }
    inflater.reset();
    CRC32 crc = new CRC32();
    long size = 0;
    byte[] out = new byte[BUFFER_BYTES];
    try {
      while (!inflater.finished()) {
        if (inflater.needsInput()) {
          if (!source.fill()) {
            return "a gzip member cut short (the batch being written when the run stopped)";
          }
          source.lendTo(inflater);
        }
        int n = inflater.inflate(out);
        if (n == 0 && inflater.needsDictionary()) {
          return "not readable as gzip (a member asks for a preset dictionary)";
        }
        crc.update(out, 0, n);
        size += n;
        csv.feed(out, n);
      }
    } catch (DataFormatException e) {
      return "not readable as gzip (" + e.getMessage() + ")";
    } finally {
      source.takeBack(inflater);
    }
    long storedCrc = source.readInt();
    long storedSize = source.readInt();
    if (storedCrc < 0 || storedSize < 0) {
      return "a gzip member cut short in its trailer (the batch being written when the run"
          + " stopped)";
    }
    if (storedCrc != crc.getValue() || storedSize != (size & 0xffff_ffffL)) {
      return "a gzip member whose checksum or length does not match its contents";
    }
    return null;
  }

  /** The file's bytes through one buffer, whose position in the file is known. */
  private static final class Source {
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private long bufferStart;
    private boolean lent;

    Source(InputStream in) {
      this.in = in;
    }

    /** True when a byte is there to read, reading more of the file if needed. */
    boolean fill() throws IOException {
      if (position < limit) {
        return true;
      }
      bufferStart += limit;
      position = 0;
      limit = 0;
      int n = in.read(buffer);
      while (n == 0) {
        n = in.read(buffer);
      }
      if (n < 0) {
        return false;
      }
      limit = n;
      return true;
    }

    int read() throws IOException {
      return fill() ? buffer[position++] & 0xff : -1;
    }

    /** A little-endian unsigned 32-bit value, or -1 when the file ends first. */
    long readInt() throws IOException {
      long value = 0;
      for (int i = 0; i < 4; i++) {
        int b = read();
        if (b < 0) {
          return -1;
        }
        value |= (long) b << (8 * i);
      }
      return value;
    }

    long skip(long count) throws IOException {
      long skipped = 0;
      while (skipped < count && fill()) {
        int step = (int) Math.min(count - skipped, limit - position);
        position += step;
        skipped += step;
      }
      return skipped;
    }

    /** Hands what is buffered to the inflater (which keeps a reference, not a copy). */
    void lendTo(Inflater inflater) {
      inflater.setInput(buffer, position, limit - position);
      position = limit;
      lent = true;
    }

    /** What the inflater did not use (the next member's bytes) is the source's again. */
    void takeBack(Inflater inflater) {
      if (lent) {
        position = limit - inflater.getRemaining();
        lent = false;
      }
    }

    long position() {
      return bufferStart + position;
    }

    /** Reads to the end; the file's size. */
    long drain() throws IOException {
      long end = bufferStart + limit;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        end += n;
      }
      position = limit;
      return end;
    }
  }

  /**
   * Counts CSV records (RFC 4180, as {@link CsvLines} writes them: a quoted field may hold commas,
   * quotes and line breaks) and the organization of each, fed the bytes as they are inflated. A
   * member's records count only once the member proved intact; the first record is the header.
   */
  private static final class CsvCounter {
    private boolean quoted;
    private boolean quoteInQuoted;
    private boolean fieldWasQuoted;
    private int field;
    private final ByteArrayOutputStream value = new ByteArrayOutputStream();
    private final List<String> record = new ArrayList<>();

    private List<String> header;
    private List<String> pendingHeader;
    private int organizationColumn = -1;
    private long pendingRows;
    private final Map<String, Long> pendingOrganizations = new HashMap<>();

    long rows;
    final Map<String, Long> organizations = new TreeMap<>();

    Optional<List<String>> columns() {
      return Optional.ofNullable(header);
    }

    void feed(byte[] bytes, int count) {
      for (int i = 0; i < count; i++) {
        byte b = bytes[i];
        if (quoteInQuoted) {
          quoteInQuoted = false;
          if (b == '"') {
            keep(b); // "" inside quotes: one quote
            continue;
          }
          quoted = false; // the closing quote; this byte is outside the quotes
        }
        if (quoted) {
          if (b == '"') {
            quoteInQuoted = true;
          } else {
            keep(b);
          }
        } else if (b == '"') {
          quoted = true;
          fieldWasQuoted = true;
        } else if (b == ',') {
          endField();
        } else if (b == '\n') {
          endField();
          endRecord();
        } else {
          keep(b);
        }
      }
    }

    /** Only the values needed are kept: all of the header's, the organization of the rest. */
    private void keep(byte b) {
      if (wanted()) {
        value.write(b);
      }
    }

    private boolean wanted() {
      return header == null && pendingHeader == null || field == organizationColumn;
    }

    private void endField() {
      if (wanted()) {
        // An empty field not quoted is a NULL; a quoted one an empty string.
        record.add(
            value.size() == 0 && !fieldWasQuoted ? null : value.toString(StandardCharsets.UTF_8));
      }
      value.reset();
      fieldWasQuoted = false;
      field++;
    }

    private void endRecord() {
      if (header == null && pendingHeader == null) {
        pendingHeader = List.copyOf(record.stream().map(String::valueOf).toList());
        organizationColumn = ArchiveFileWriter.organizationColumn(pendingHeader);
      } else {
        String organization = record.isEmpty() ? null : record.get(0);
        pendingRows++;
        pendingOrganizations.merge(
            organization == null ? OrganizationBreakdown.NO_ORGANIZATION : organization,
            1L,
            Long::sum);
      }
      record.clear();
      field = 0;
    }

    /** The member whose bytes were fed ended intact: its records count. */
    void memberIntact() {
      if (pendingHeader != null) {
        header = pendingHeader;
        pendingHeader = null;
      }
      rows += pendingRows;
      pendingOrganizations.forEach((org, count) -> organizations.merge(org, count, Long::sum));
      pendingRows = 0;
      pendingOrganizations.clear();
    }
  }
}
