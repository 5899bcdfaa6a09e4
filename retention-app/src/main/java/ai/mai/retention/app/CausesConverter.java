package ai.mai.retention.app;

import ai.mai.retention.app.cli.Logging;
import ai.mai.retention.app.config.Secrets;
import ai.mai.retention.embedded.FailureText;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;

/**
 * Logback's {@code %causes}: an exception logged with a message becomes one line of its causes (as
 * the journal describes them, passwords masked); the whole stack trace only with {@code --log-level
 * DEBUG} or {@code TRACE}. A driver or pool that logs a lost connection with its exception used to
 * print dozens of stack-trace lines per event.
 */
public final class CausesConverter extends ThrowableHandlingConverter {

  @Override
  public String convert(ILoggingEvent event) {
    IThrowableProxy proxy = event.getThrowableProxy();
    if (proxy == null) {
      return "";
    }
    if (Logging.debugging()) {
      return CoreConstants.LINE_SEPARATOR + Secrets.scrub(ThrowableProxyUtil.asString(proxy));
    }
    String causes =
        proxy instanceof ThrowableProxy real
            ? FailureText.describe(real.getThrowable())
            : FailureText.sanitize(proxy.getClassName() + ": " + proxy.getMessage());
    return " (" + Secrets.scrub(causes) + ")";
  }
}
