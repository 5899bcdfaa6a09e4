package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.port.out.RowArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive file read as it stands, member by member: its rows and organizations as the writer
 * wrote them, and a file cut at any byte (as {@code kill -9} mid-write leaves it) read up to its
 * last intact member, the damage named, never an exception.
 */
class ArchiveFileContentsTest {

  private static final CleanupCriteria CRITERIA =
      CleanupCriteria.uniform(Instant.parse("2026-06-01T00:00:00Z"), 90);
  private static final List<String> COLUMNS = List.of("id", "client_org_id", "total_cost");

  @TempDir Path directory;

  /** The writer's file after three committed batches; the size after each member, in order. */
  private record Written(Path file, List<Long> memberEnds, List<Integer> rowsPerBatch) {}

  private Written writeThreeBatches() throws IOException {
    RowArchive.Writer writer =
        new FileRowArchive(directory, TableName.DEFAULT)
            .open(new RowArchive.Run("run-1", CRITERIA, 10));
    Path file = directory.resolve("processed_generations_2026-03-03_run-1.csv.gz");
    List<Long> ends = new ArrayList<>();
    List<String[][]> batches =
        List.of(
            new String[][] {
              {"a1", "org-a", "0.5"}, {"a2", "org-b", "1.5"}, {"quoted,\"id\"", "org,\"odd\"", "2"}
            },
            new String[][] {{"line\nbreak", "org-a", "0.25"}, {"null-org", null, "3"}},
            new String[][] {{"empty-org", "", "4"}, {"c1", "org-é", "5"}});
    List<Integer> rows = new ArrayList<>();
    for (String[][] batch : batches) {
      RowArchive.RowSink sink = writer.startBatch(COLUMNS);
      for (String[] row : batch) {
        sink.row(row);
      }
      writer.makeDurable();
      writer.batchCommitted(batch.length);
      ends.add(Files.size(file));
      rows.add(batch.length);
    }
    writer.close();
    return new Written(file, ends, rows);
  }

  @Test
  void anIntactFileIsReadWithItsColumnsRowsOrganizationsAndChecksum() throws Exception {
    Written written = writeThreeBatches();

    ArchiveFileContents.Contents contents = ArchiveFileContents.read(written.file());

    assertThat(contents.columns()).hasValue(COLUMNS);
    assertThat(contents.rows()).isEqualTo(7);
    assertThat(contents.organizations())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "org-a",
                2L,
                "org-b",
                1L,
                "org,\"odd\"",
                1L,
                OrganizationBreakdown.NO_ORGANIZATION,
                1L,
                "",
                1L,
                "org-é",
                1L));
    assertThat(contents.bytes()).isEqualTo(Files.size(written.file()));
    assertThat(contents.intactBytes()).isEqualTo(contents.bytes());
    assertThat(contents.damage()).isEmpty();
    assertThat(contents.sha256()).isEqualTo(sha256(Files.readAllBytes(written.file())));
  }

  @Test
  void aFileCutAtAnyByteReadsUpToItsLastIntactMemberAndNamesTheDamage() throws Exception {
    Written written = writeThreeBatches();
    byte[] whole = Files.readAllBytes(written.file());
    // The header is a member of its own, written with the first batch, before its rows.
    long headerEnd = headerMemberEnd(whole);
    assertThat(headerEnd).isPositive().isLessThan(written.memberEnds().get(0));

    for (int cut = 0; cut < whole.length; cut++) {
      byte[] prefix = Arrays.copyOf(whole, cut);
      Path file = Files.write(directory.resolve("cut.csv.gz"), prefix);

      ArchiveFileContents.Contents contents = ArchiveFileContents.read(file);

      long expectedRows = 0;
      long intact = cut >= headerEnd ? headerEnd : 0;
      for (int i = 0; i < written.memberEnds().size(); i++) {
        if (written.memberEnds().get(i) <= cut) {
          expectedRows += written.rowsPerBatch().get(i);
          intact = written.memberEnds().get(i);
        }
      }
      String at = "cut at " + cut + " of " + whole.length;
      assertThat(contents.rows()).as(at).isEqualTo(expectedRows);
      assertThat(contents.organizations().values().stream().mapToLong(Long::longValue).sum())
          .as(at)
          .isEqualTo(expectedRows);
      assertThat(contents.intactBytes()).as(at).isEqualTo(intact);
      assertThat(contents.bytes()).as(at).isEqualTo(cut);
      assertThat(contents.sha256()).as(at).isEqualTo(sha256(prefix));
      assertThat(contents.columns().isPresent()).as(at).isEqualTo(cut >= headerEnd);
      if (cut == intact) {
        assertThat(contents.damage()).as(at).isEmpty();
      } else {
        String lastBytes = String.format(java.util.Locale.ROOT, "its last %,d bytes", cut - intact);
        assertThat(contents.damage())
            .as(at)
            .hasValueSatisfying(
                damage -> assertThat(damage).contains(lastBytes).contains("cut short"));
      }
    }
  }

  @Test
  void bytesThatAreNoGzipAfterTheLastMemberAreDamageNotRows() throws Exception {
    Written written = writeThreeBatches();
    long size = Files.size(written.file());
    // What a power loss can leave: the file's length grew, its last block never written.
    try (FileChannel channel = FileChannel.open(written.file(), StandardOpenOption.APPEND)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[4096]));
    }

    ArchiveFileContents.Contents contents = ArchiveFileContents.read(written.file());

    assertThat(contents.rows()).isEqualTo(7);
    assertThat(contents.intactBytes()).isEqualTo(size);
    assertThat(contents.bytes()).isEqualTo(size + 4096);
    assertThat(contents.damage()).hasValueSatisfying(d -> assertThat(d).contains("not a gzip"));
  }

  @Test
  void aMemberWhoseChecksumDoesNotMatchIsDamage() throws Exception {
    Written written = writeThreeBatches();
    byte[] bytes = Files.readAllBytes(written.file());
    long secondLast = written.memberEnds().get(1);
    // The CRC-32 in the last member's trailer.
    bytes[bytes.length - 8] ^= 0x01;
    Files.write(written.file(), bytes);

    ArchiveFileContents.Contents contents = ArchiveFileContents.read(written.file());

    assertThat(contents.rows()).isEqualTo(5);
    assertThat(contents.intactBytes()).isEqualTo(secondLast);
    assertThat(contents.damage()).hasValueSatisfying(d -> assertThat(d).contains("checksum"));
  }

  @Test
  void membersWithAFileNameInTheirHeaderAreReadToo() throws Exception {
    // gzip(1) writes the file's name into the header; a file recompressed by hand has one.
    Process gzip =
        new ProcessBuilder("sh", "-c", "printf 'id,client_org_id\\nx,org-a\\n' > a && gzip -k a")
            .directory(directory.toFile())
            .start();
    assertThat(gzip.waitFor()).isZero();
    ByteArrayOutputStream more = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(more)) {
      out.write("y,org-b\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Path file = directory.resolve("a.gz");
    Files.write(file, more.toByteArray(), StandardOpenOption.APPEND);

    ArchiveFileContents.Contents contents = ArchiveFileContents.read(file);

    assertThat(contents.damage()).isEmpty();
    assertThat(contents.columns()).hasValue(List.of("id", "client_org_id"));
    assertThat(contents.organizations()).isEqualTo(Map.of("org-a", 1L, "org-b", 1L));
  }

  /** Where the first member (the header line) ends: the first gzip header after byte 10. */
  private static long headerMemberEnd(byte[] bytes) {
    for (int i = 10; i + 2 < bytes.length; i++) {
      if ((bytes[i] & 0xff) == 0x1f && (bytes[i + 1] & 0xff) == 0x8b && bytes[i + 2] == 8) {
        return i;
      }
    }
    return -1;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
