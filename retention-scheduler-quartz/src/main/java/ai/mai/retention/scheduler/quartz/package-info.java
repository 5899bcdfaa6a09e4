/** The Quartz scheduler that drives the cleanup use case. */
package ai.mai.retention.scheduler.quartz;
