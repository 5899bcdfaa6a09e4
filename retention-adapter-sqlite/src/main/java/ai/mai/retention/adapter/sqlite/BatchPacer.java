package ai.mai.retention.adapter.sqlite;

import java.time.Duration;

/**
 * The size of the next delete batch and the pause before it. A size the run asked for is kept;
 * otherwise each full batch's duration scales the next size towards the target (at most halving, or
 * growing by half, per step), because the cost per row differs by database, page cache and machine.
 */
final class BatchPacer {

  static final int MIN_ADAPTIVE_SIZE = 500;
  static final int MAX_ADAPTIVE_SIZE = 50_000;

  /** Growth per step: cautious, because one slow batch (a checkpoint, a busy machine) is noise. */
  static final double MAX_GROWTH = 1.5;

  private final boolean adaptive;
  private final long targetNanos;
  private final long pauseNanos;
  private int size;

  private BatchPacer(boolean adaptive, int size, Duration target, Duration pause) {
    this.adaptive = adaptive;
    this.size = size;
    this.targetNanos = target.toNanos();
    this.pauseNanos = pause.toNanos();
  }

  static BatchPacer fixed(int size, Duration pause) {
    return new BatchPacer(false, size, Duration.ofMillis(1), pause);
  }

  static BatchPacer adaptive(int initialSize, Duration target, Duration pause) {
    return new BatchPacer(
        true, Math.max(MIN_ADAPTIVE_SIZE, Math.min(MAX_ADAPTIVE_SIZE, initialSize)), target, pause);
  }

  int size() {
    return size;
  }

  long pauseNanos() {
    return pauseNanos;
  }

  /** A batch of {@link #size()} rows asked for {@code deleted} rows and took {@code nanos}. */
  void observe(long deleted, long nanos) {
    if (!adaptive || deleted < size || nanos <= 0) {
      return; // a short batch is the last one; its time says nothing about a full one
    }
    double scaled = size * ((double) targetNanos / nanos);
    double bounded = Math.max(size / 2.0, Math.min(size * MAX_GROWTH, scaled));
    size = (int) Math.max(MIN_ADAPTIVE_SIZE, Math.min(MAX_ADAPTIVE_SIZE, Math.round(bounded)));
  }
}
