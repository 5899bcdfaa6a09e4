package ai.mai.retention.app.cli;

import java.util.concurrent.CountDownLatch;

/** Ends the daemon: raised by the JVM's shutdown hook on SIGTERM, or by a test. */
public final class ShutdownSignal {

  private final CountDownLatch raised = new CountDownLatch(1);

  public void raise() {
    raised.countDown();
  }

  public boolean isRaised() {
    return raised.getCount() == 0;
  }

  /** Waits until raised. */
  public void await() throws InterruptedException {
    raised.await();
  }
}
