package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.port.in.CleanupRequest;

/**
 * The host's cleanup settings (policy, guards, batch size) as a request for one scheduled run.
 * Called once per run, so a host may re-read its settings each time. The scheduler adds the stop
 * signal and, when cleanup is disabled, turns the request into a dry run.
 */
@FunctionalInterface
public interface CleanupRequestFactory {

  CleanupRequest create(CleanupTrigger trigger);
}
