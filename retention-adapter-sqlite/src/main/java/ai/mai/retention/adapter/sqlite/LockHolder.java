package ai.mai.retention.adapter.sqlite;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that holds the SQLite run lock, as written into its lease row. It lets another run on
 * the same machine prove the holder dead (killed with SIGKILL, by the OOM killer, a crashed JVM)
 * and take the lock at once, instead of waiting out the ten-minute lease.
 *
 * @param host the host name (for people; the scope is what is compared)
 * @param scope where the pid means this process: the kernel's boot id, the PID namespace and the OS
 *     user; null where they cannot be read, and then the holder is never judged
 * @param pid the holder's process id
 * @param startedAtMillis when the holder's process started, epoch milliseconds; 0 if unknown
 */
record LockHolder(String host, String scope, long pid, long startedAtMillis) {

  /**
   * Start times are read from {@code /proc} in clock ticks and rounded; a process that reused the
   * pid started at least this much later.
   */
  private static final Duration SAME_START = Duration.ofSeconds(1);

  private static final LockHolder CURRENT = describeCurrentProcess();

  static LockHolder current() {
    return CURRENT;
  }

  /**
   * True only when this holder provably no longer runs: it ran in the observer's scope (same boot
   * of the same kernel, same PID namespace, same user, who can always see their own processes), and
   * its pid is free or belongs to a process that started later. Any doubt answers false: the lease
   * then decides, as before.
   */
  boolean provablyDeadAsSeenBy(LockHolder observer) {
    if (scope == null || !scope.equals(observer.scope()) || pid <= 0 || startedAtMillis <= 0) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = process.get().info().startInstant();
    return started.isPresent()
        && Duration.between(Instant.ofEpochMilli(startedAtMillis), started.get())
                .abs()
                .compareTo(SAME_START)
            > 0;
  }

  String describe() {
    return "pid " + pid + " on " + host;
  }

  private static LockHolder describeCurrentProcess() {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return new LockHolder(currentHostName(), currentScope(), self.pid(), started);
  }

  private static String currentHostName() {
    Optional<String> kernel = read(Path.of("/proc/sys/kernel/hostname"));
    if (kernel.isPresent()) {
      return kernel.get();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException unknown) {
      return "unknown";
    }
  }

  /** Linux only: elsewhere no holder is ever judged dead, and the lease alone frees the lock. */
  private static String currentScope() {
    Optional<String> boot = read(Path.of("/proc/sys/kernel/random/boot_id"));
    Optional<String> pidNamespace;
    try {
      pidNamespace = Optional.of(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException unreadable) {
      pidNamespace = Optional.empty();
    }
    String user = System.getProperty("user.name");
    if (boot.isEmpty() || pidNamespace.isEmpty() || user == null || user.isEmpty()) {
      return null;
    }
    return "boot=" + boot.get() + ";pidns=" + pidNamespace.get() + ";user=" + user;
  }

  private static Optional<String> read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException | SecurityException unreadable) {
      return Optional.empty();
    }
  }
}
