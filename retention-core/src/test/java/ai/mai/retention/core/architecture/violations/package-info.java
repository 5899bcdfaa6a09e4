/**
 * Deliberately broken classes, one subpackage per architecture rule, imported on their own to prove
 * each rule reports what it guards against. Never part of the core; excluded from the test-jar.
 */
package ai.mai.retention.core.architecture.violations;
