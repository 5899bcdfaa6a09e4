package ai.mai.retention.adapter.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where an archive file's bytes go: a file on disk, or, in tests, one that fails the way a full
 * disk does. The narrow seam lets a test make the archive fail at any byte without filling a disk.
 */
public interface ArchiveOutput extends AutoCloseable {

  /** Writes all of {@code bytes} at the end. */
  void write(ByteBuffer bytes) throws IOException;

  /** Returns once everything written is on the storage device (fsync). */
  void sync() throws IOException;

  /** Cuts the file back to {@code size} bytes (what a rolled-back batch had added goes). */
  void truncate(long size) throws IOException;

  @Override
  void close() throws IOException;

  /** Creates the file at a path where none exists yet. */
  @FunctionalInterface
  interface Opener {
    ArchiveOutput create(Path path) throws IOException;
  }

  /** Real files: created new (never overwriting), written at the end, synced with metadata. */
  Opener FILES =
      path -> of(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));

  /** An output over an open channel, written from its current position on. */
  static ArchiveOutput of(FileChannel channel) {
    return new ArchiveOutput() {
      @Override
      public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }

      @Override
      public void sync() throws IOException {
        // With metadata: the file's new length must survive a crash as well as its bytes.
        channel.force(true);
      }

      @Override
      public void truncate(long size) throws IOException {
        channel.truncate(size);
        channel.position(size);
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
