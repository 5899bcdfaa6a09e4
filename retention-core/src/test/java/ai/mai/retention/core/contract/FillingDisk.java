package ai.mai.retention.core.contract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A new file on a disk with only so many bytes left: a write that does not fit fails with "No space
 * left on device", as the kernel's {@code ENOSPC} does, and writes nothing. For archive tests that
 * fill the disk mid-run without a small file system.
 */
public final class FillingDisk extends FileChannel {

  private final FileChannel file;
  private long room;

  private FillingDisk(FileChannel file, long room) {
    this.file = file;
    this.room = room;
  }

  /** Creates {@code path} (it must not exist), with {@code room} bytes left to write. */
  public static FileChannel create(Path path, long room) throws IOException {
    return new FillingDisk(
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), room);
  }

  private void fits(long bytes) throws IOException {
    if (bytes > room) {
      throw new IOException("No space left on device");
    }
    room -= bytes;
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    fits(source.remaining());
    return file.write(source);
  }

  @Override
  public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
    long bytes = 0;
    for (int i = offset; i < offset + length; i++) {
      bytes += sources[i].remaining();
    }
    fits(bytes);
    return file.write(sources, offset, length);
  }

  @Override
  public int write(ByteBuffer source, long position) throws IOException {
    fits(source.remaining());
    return file.write(source, position);
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    long before = file.size();
    file.truncate(size);
    room += Math.max(0, before - size);
    return this;
  }

  @Override
  public int read(ByteBuffer destination) throws IOException {
    return file.read(destination);
  }

  @Override
  public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
    return file.read(destinations, offset, length);
  }

  @Override
  public int read(ByteBuffer destination, long position) throws IOException {
    return file.read(destination, position);
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public void force(boolean metaData) throws IOException {
    file.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel source, long position, long count)
      throws IOException {
    throw new IOException("not supported by this test channel");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    throw new IOException("not supported by this test channel");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return file.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
