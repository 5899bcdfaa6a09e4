package ai.mai.retention.core.architecture.violations.layers.domain;

/** Allowed: the domain depending on itself and the JDK. */
public record Value(String name) {}
